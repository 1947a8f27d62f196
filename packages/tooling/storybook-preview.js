// `.storybook/preview.ts`'s parameters, shared by both apps. Runs in the browser: no Node here.

export const previewParameters = {
  controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
};
