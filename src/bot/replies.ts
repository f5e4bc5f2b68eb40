/** Short texts the bot answers with when it cannot answer the question itself. */
export const Replies = {
  error: 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.',
  notOwner: 'Only the person who asked can use these buttons. Ask the bot yourself to get your own copy.',
  expired: 'These buttons have expired (answers are kept for 15 minutes). Ask again for a fresh answer.',
  unknownCommand: (name: string) => `I don't know the command /${name}. The command list may be out of date: ask an admin to run \`npm run deploy-commands\`.`,
  answerForgotten: 'This answer is no longer kept (a server keeps its latest answers), so this button no longer works. Ask again for a fresh answer.',
  emptyMention: 'Ask me something after the mention, e.g. “what did Ushakov say?” or “ماذا قال أوشاكوف؟”. /help lists everything I can do.',
} as const;
