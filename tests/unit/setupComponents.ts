import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { installVirtualLayout } from './virtualLayout';

// jsdom lays nothing out: the virtualized message log gets a 600 px view and 50 px rows.
let restoreLayout = () => {};
beforeEach(() => {
  restoreLayout = installVirtualLayout({ viewportSelector: '[role="log"]', viewportPx: 600, rowPx: 50 });
});

afterEach(() => {
  cleanup();
  restoreLayout();
});
