// A single-page app: no server rendering, no prerendering; adapter-static's index.html fallback
// serves every route.
export const ssr = false;
export const prerender = false;
