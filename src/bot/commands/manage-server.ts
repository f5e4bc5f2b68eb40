import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';

/**
 * Discord hides Manage Server commands from other members, but server admins can override that
 * per channel or role: every such command checks again. `what` completes "Only members with
 * Manage Server can …".
 */
export function manageServerRefusal(interaction: ChatInputCommandInteraction, what: string): string | undefined {
  if (!interaction.inGuild()) return `You can only ${what} inside a server.`;
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return `Only members with the **Manage Server** permission can ${what}.`;
  return undefined;
}
