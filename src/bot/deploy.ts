import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commands as allCommands, type Command } from './commands/index.ts';

export interface DeployOptions {
  token: string;
  clientId: string;
  /** Register to this server only (instant); otherwise globally (Discord may take up to an hour). */
  guildId?: string;
  apiBase?: string;
  commands?: Command[];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

export function commandDefinitions(commands: Command[] = allCommands): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => command.data.toJSON());
}

/** Replaces the registered commands with ours (one bulk PUT): to a server when given, else globally. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiBase ? { api: options.apiBase } : {}).setToken(options.token);
  try {
    const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
    const registered = (await rest.put(route, { body: commandDefinitions(options.commands) })) as { name: string }[];
    return { scope: options.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
