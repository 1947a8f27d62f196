import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/lobby/RoomCard";
import RoomCard from "./RoomCard.svelte";

const meta = {
  title: "Lobby/RoomCard",
  component: RoomCard,
  args: stories.args,
} satisfies Meta<typeof RoomCard>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Joinable: Story = stories.Joinable;
export const Private: Story = stories.Private;
export const Full: Story = stories.Full;
export const Joining: Story = stories.Joining;
export const Error: Story = stories.Error;
