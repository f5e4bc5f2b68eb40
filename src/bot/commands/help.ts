import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render/help.ts';
import type { Command } from './command.ts';

export const help: Command = {
  data: new SlashCommandBuilder().setName('help').setDescription('What this bot does and how to ask it'),
  ephemeral: () => true,
  rateLimited: false,
  async execute(interaction) {
    const me = interaction.client.user;
    return { pages: [{ content: '', embeds: [renderHelp(me ? `@${me.username}` : null)] }] };
  },
};
