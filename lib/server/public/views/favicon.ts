// The one icon, for the snapshot's pages (served by the hot path) and Next's (app/icon.ts): a
// pulse line on the page's blue, legible at 16 px and in light or dark browser chrome.
export const ICON_PATH = '/icon';

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f4fd1"/><path d="M4 17h6l3-8 5 14 3-6h7" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>
`;
