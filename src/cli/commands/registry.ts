/** `deckhand registry serve`: serve an images_dir over the OCI distribution API until Ctrl-C or SIGTERM. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { errorMessage } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import { startRegistryServer } from '../../server/index.js';
import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';

interface ServeFlags {
  imagesDir: string;
  listen: { host: string; port: number };
  readOnly?: boolean;
  htpasswd?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** parseListen reads `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (all interfaces); port 0 picks a free one. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:5000 or :5000.');
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

async function serve(io: CliIo, flags: ServeFlags): Promise<void> {
  const server = await startRegistryServer({
    imagesDir: flags.imagesDir,
    host: flags.listen.host,
    port: flags.listen.port,
    readOnly: flags.readOnly,
    htpasswdFile: flags.htpasswd,
    tlsCertFile: flags.tlsCert,
    tlsKeyFile: flags.tlsKey,
    onError: (e, req) =>
      io.err(`error: ${req.method} ${redactUrl(`http://x${req.url ?? ''}`).slice(8)}: ${errorMessage(e)}\n`),
  });
  const mode = [flags.readOnly ? 'read-only' : 'read-write', flags.htpasswd ? 'basic auth' : 'no auth'];
  io.out(`listening on ${server.url}\n`);
  io.out(`serving ${server.store.root} (${mode.join(', ')}); Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGTERM', done);
      io.signal.removeEventListener('abort', done);
      resolve();
    };
    if (io.signal.aborted) return done();
    io.signal.addEventListener('abort', done);
    process.on('SIGTERM', done);
  });
  await server.stop();
  io.out('stopped\n');
}

/** registry registers `deckhand registry serve`. */
export const registry: CliCommand = {
  register(program: Command, io: CliIo) {
    const group = program.command('registry').description('serve images to other machines');
    group
      .command('serve')
      .description('serve an images_dir (OCI layout) over the OCI distribution API, for nodes to pull from')
      .requiredOption('--images-dir <dir>', 'the OCI layout store to serve (created when missing)')
      .addOption(
        new Option(
          '--listen <host:port>',
          'address to listen on (:PORT for all interfaces, port 0 picks one)',
        )
          .argParser(parseListen)
          .default({ host: '127.0.0.1', port: 5000 }, '127.0.0.1:5000'),
      )
      .option('--read-only', 'refuse pushes and deletes')
      .option(
        '--htpasswd <file>',
        'require Basic auth with the users of this htpasswd file (bcrypt, htpasswd -B)',
      )
      .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key)')
      .option('--tls-key <file>', 'the PEM private key of --tls-cert')
      .addHelpText(
        'after',
        '\nThe first line printed is "listening on URL". Images pushed to HOST:PORT/REPO:TAG are stored under\n' +
          'that full name; stored images are also served under their repository path (docker.io/library/nginx:1.25\n' +
          'as library/nginx:1.25). Stops cleanly on Ctrl-C or SIGTERM, dropping unfinished uploads.',
      )
      .action((flags: ServeFlags) => serve(io, flags));
  },
};
