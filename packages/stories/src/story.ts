// The shape of a story written once for both Storybooks: CSF3's `args` and `play`
// (storybook@10 CSF, https://storybook.js.org/docs/api/csf), typed over a component's `Args`
// contract. Each app assigns these to its own `StoryObj<typeof meta>`, so its type checker
// holds the Svelte and the Vue component to the same contract.

/**
 * What a play function gets: the story's root element and its args (partial: Vue types a
 * component's event handlers as optional props).
 */
export interface PlayContext<Args> {
  canvasElement: HTMLElement;
  args: Partial<Args>;
}

export interface Story<Args> {
  args?: Partial<Args>;
  play?: (context: PlayContext<Args>) => Promise<void>;
}
