// Reads the JSON messages of a build stream. A build is successful only when no message reports an
// error and the image id was announced: the stream ends normally even when the build failed.
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

export type BuildEvent =
  | { kind: 'progress'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'image'; id: string };

interface BuildKitVertex {
  name?: string;
  started?: unknown;
  completed?: unknown;
  cached?: boolean;
  error?: string;
}

// BuildKit reports progress as base64 protobuf StatusResponse messages. dockerode ships the schema
// (a minimal copy of BuildKit's); protobufjs decodes with it. Only step names and errors are used.
const require = createRequire(import.meta.url);
let statusType: protobuf.Type | undefined;

function decodeBuildKitStatus(base64: string): { vertexes: BuildKitVertex[]; logs: { msg?: string }[] } {
  if (base64 === '') return { vertexes: [], logs: [] };
  statusType ??= protobuf.loadSync(require.resolve('dockerode/lib/proto/buildkit_status.proto')).lookupType('moby.buildkit.v1.StatusResponse');
  const message = statusType.decode(Buffer.from(base64, 'base64'));
  return statusType.toObject(message, { defaults: true, bytes: String }) as { vertexes: BuildKitVertex[]; logs: { msg?: string }[] };
}

function fromBuildKitTrace(base64: string): BuildEvent[] {
  const status = decodeBuildKitStatus(base64);
  const events: BuildEvent[] = [];
  for (const vertex of status.vertexes) {
    if (vertex.error) events.push({ kind: 'error', message: `${vertex.name ?? 'step'}: ${vertex.error}` });
    else if (vertex.completed && vertex.name) events.push({ kind: 'progress', text: `${vertex.cached ? 'CACHED ' : ''}${vertex.name}` });
  }
  for (const log of status.logs) {
    if (log.msg) events.push({ kind: 'progress', text: Buffer.from(log.msg, 'base64').toString('utf8').trimEnd() });
  }
  return events;
}

/** The events one stream message carries (pure: no I/O). */
export function interpretBuildMessage(message: Record<string, unknown>): BuildEvent[] {
  const errorDetail = message.errorDetail as { message?: string } | undefined;
  if (typeof message.error === 'string' || errorDetail?.message) {
    return [{ kind: 'error', message: String(errorDetail?.message ?? message.error).trim() }];
  }
  if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') return fromBuildKitTrace(message.aux);
  const aux = message.aux as { ID?: string } | undefined;
  if (message.id === 'moby.image.id' && aux?.ID) return [{ kind: 'image', id: aux.ID }];
  // classic builder: {"aux":{"ID":"sha256:..."}} then "Successfully built"
  if (aux?.ID && message.id === undefined) return [{ kind: 'image', id: aux.ID }];
  if (typeof message.stream === 'string' && message.stream.trim() !== '') {
    return [{ kind: 'progress', text: message.stream.trim() }];
  }
  return [];
}

/** Splits a byte stream of concatenated JSON messages (one per line) into objects. */
export async function* readJsonMessages(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, unknown>> {
  let pending = '';
  for await (const chunk of stream) {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield JSON.parse(line) as Record<string, unknown>;
    }
  }
  if (pending.trim() !== '') yield JSON.parse(pending) as Record<string, unknown>;
}
