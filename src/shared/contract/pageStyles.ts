/**
 * Where the app's pages may take styles from (the CSP's `style-src`): their own files, and the
 * two stylesheets emoji-picker-react 5.1.4 puts in `<style>` elements (its look and its layout),
 * each allowed by the SHA-256 of its exact text. Never 'unsafe-inline': an inline style that is
 * not one of these two (say, one injected into a message) is refused. The library's docs offer a
 * per-response `nonce` instead, which a static page (the desktop's meta tag, the web client's
 * files) cannot carry; its CSS is the same in every build (all of it is created when the module
 * loads), so its hash is fixed for a version. A new version of the library changes them:
 * `pageStyles.test.ts` renders the picker and fails until these are updated to its new hashes
 * (and so does the picker's end-to-end test, with the browser's CSP report).
 */
export const EMOJI_PICKER_STYLE_HASHES = [
  "'sha256-WoJKG1eAyQFZBdiMcqFYr5mitEDpWeKDgbu3e7R6Upo='",
  "'sha256-lvLcaaw/tuRHh8xfjXxqytIVWpiNcXCsqXX22XQJbpM='",
] as const;

/** The `style-src` directive of every page of the app (desktop and web). */
export const STYLE_SRC = `style-src 'self' ${EMOJI_PICKER_STYLE_HASHES.join(' ')}`;
