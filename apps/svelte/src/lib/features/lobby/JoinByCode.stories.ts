import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/lobby/JoinByCode";
import JoinByCode from "./JoinByCode.svelte";

const meta = {
  title: "Lobby/JoinByCode",
  component: JoinByCode,
  args: stories.args,
} satisfies Meta<typeof JoinByCode>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Busy: Story = stories.Busy;
export const Error: Story = stories.Error;
