/**
 * `ctilab <command>`: the command-line contract of DESIGN.md section 5. One file per
 * sub-command; this file only dispatches.
 */
import { phonesCommand } from './phones-command.ts';
import { serveCommand } from './serve-command.ts';

const usage = `usage:
  ctilab serve cme --config <ios.cfg> [--host 127.0.0.1] [--sccp-port N] [--sip-port N] [--tftp-port N] [--capture <file.pcap>] [--console] [--status-interval-ms N]
  ctilab phones --target host:port [--target host:port ...] (--config <ios.cfg> [--ephones 1,2] | --count N --mac-base <12 hex>) [--model 7961] [--concurrency 200] [--exit-when-registered]
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest);
      case 'phones':
        return await phonesCommand(rest);
      case undefined:
      case '-h':
      case '--help':
        process.stdout.write(usage);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`ctilab: unknown command '${command}'\n${usage}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`ctilab ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}
