import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/lobby/CreateRoomDialog";
import CreateRoomDialog from "./CreateRoomDialog.svelte";

const meta = {
  title: "Lobby/CreateRoomDialog",
  component: CreateRoomDialog,
  args: stories.args,
} satisfies Meta<typeof CreateRoomDialog>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Busy: Story = stories.Busy;
export const Error: Story = stories.Error;
export const Closed: Story = stories.Closed;
