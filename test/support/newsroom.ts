import type { DiscordEmulator } from './discord-emulator/index.ts';

/** The test server every bot test talks in: one guild, its channels, two people. */
export const GUILD_ID = '300000000000000001';
export const CHANNEL_ID = '300000000000000002';
export const BRIEFING_CHANNEL_ID = '300000000000000003';
export const ALICE = { id: '200000000000000042', username: 'alice', global_name: 'Alice' };
export const BOB = { id: '200000000000000043', username: 'bob', global_name: 'Bob' };

/** Adds the Newsroom guild (#general, plus #briefings when asked) and Alice and Bob to an emulator. */
export function addNewsroom(emulator: DiscordEmulator, options: { briefings?: boolean } = {}): void {
  emulator.addGuild({
    id: GUILD_ID,
    name: 'Newsroom',
    channels: [{ id: CHANNEL_ID, name: 'general', type: 0 }, ...(options.briefings ? [{ id: BRIEFING_CHANNEL_ID, name: 'briefings', type: 0 }] : [])],
  });
  emulator.addUser(ALICE);
  emulator.addUser(BOB);
}
