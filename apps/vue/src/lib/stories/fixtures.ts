// The stories' fixed data, shared by both apps' Storybooks.
export * from "@rooms/client/fixtures";
