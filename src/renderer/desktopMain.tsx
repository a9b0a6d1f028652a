import { mountApp } from './app/mount';

// On the desktop, `window.api` is already installed by the preload.
mountApp();
