export interface StorybookMain {
  stories: string[];
  addons: string[];
  framework: { name: string; options: Record<string, never> };
  core: { disableTelemetry: boolean };
}
/** `.storybook/main.ts`'s config for the app whose main.ts is at `mainUrl` (`import.meta.url`). */
export declare function storybookMain(framework: string, mainUrl: string): StorybookMain;
