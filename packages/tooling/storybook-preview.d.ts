/** `.storybook/preview.ts`'s parameters. */
export declare const previewParameters: {
  controls: { matchers: { color: RegExp; date: RegExp } };
};
