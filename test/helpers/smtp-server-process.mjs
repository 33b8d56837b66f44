// A real SMTP server for the tests, in its own process (smtp-server, on 127.0.0.1, any free port):
// prints {"port":N} when it listens, then one JSON line per message it receives:
// {"from":"…","to":["…"],"raw":"<the message as it arrived>"}. No TLS, no authentication.
// It stops on SIGTERM, and when its parent closes its standard input (so it never outlives the tests).
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const line = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      callback();
    });
  },
});

// An optional first argument: the port to listen on (a test that starts the server late, on the address the app already has).
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
