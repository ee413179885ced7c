import type { FastifyReply } from 'fastify';

/** How long a browser waits before it reconnects to a server-sent event stream that ended. */
const RECONNECT_MS = 2000;

/**
 * Takes the reply over as a server-sent event stream: the status line and headers go out now, with
 * the headers plugins set (helmet's), which a hijacked reply would otherwise drop, and the
 * browser's reconnect delay. The caller writes the events to `reply.raw` and ends it.
 */
export function openEventStream(reply: FastifyReply): void {
  reply.hijack();
  const pluginHeaders = Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined);
  reply.raw.writeHead(200, {
    ...Object.fromEntries(pluginHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  reply.raw.write(`retry: ${RECONNECT_MS}\n\n`);
}
