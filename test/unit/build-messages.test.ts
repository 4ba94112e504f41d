import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { interpretBuildMessage, readJsonMessages } from '../../src/engine/build-messages.js';

describe('build messages', () => {
  it('treats error and errorDetail as failures, whatever comes after', () => {
    expect(interpretBuildMessage({ errorDetail: { message: 'COPY failed: no such file' }, error: 'COPY failed' })).toEqual([
      { kind: 'error', message: 'COPY failed: no such file' },
    ]);
    expect(interpretBuildMessage({ error: 'dockerfile parse error line 1: unknown instruction: FORM' })).toEqual([
      { kind: 'error', message: 'dockerfile parse error line 1: unknown instruction: FORM' },
    ]);
  });

  it("takes the image id from BuildKit's moby.image.id and from the classic builder's aux", () => {
    expect(interpretBuildMessage({ id: 'moby.image.id', aux: { ID: 'sha256:abc' } })).toEqual([{ kind: 'image', id: 'sha256:abc' }]);
    expect(interpretBuildMessage({ aux: { ID: 'sha256:def' } })).toEqual([{ kind: 'image', id: 'sha256:def' }]);
  });

  it('passes classic builder output on as progress and ignores empty lines', () => {
    expect(interpretBuildMessage({ stream: 'Step 1/3 : FROM scratch\n' })).toEqual([{ kind: 'progress', text: 'Step 1/3 : FROM scratch' }]);
    expect(interpretBuildMessage({ stream: '\n' })).toEqual([]);
  });

  it('names the completed steps of a BuildKit trace (a message captured from Docker 26)', () => {
    const completed = 'CosBCkdzaGEyNTY6MjM1ZTgxZGI4MjMzNWE0ZTAzNzY4ZmIxZWFhYThhYTNkNjE5NTA0ZWM1ZDAyMmQzYTQ5MzMyNzEyYjlkMWE4NhokW2ludGVybmFsXSBsb2FkIHJlbW90ZSBidWlsZCBjb250ZXh0IAEqCwjZ36nYBhCEo60gMgsI2d+p2AYQxZ+vIA==';
    expect(interpretBuildMessage({ id: 'moby.buildkit.trace', aux: completed })).toEqual([
      { kind: 'progress', text: 'CACHED [internal] load remote build context' },
    ]);
    const started = 'Cm8KR3NoYTI1NjoyMzVlODFkYjgyMzM1YTRlMDM3NjhmYjFlYWFhOGFhM2Q2MTk1MDRlYzVkMDIyZDNhNDkzMzI3MTJiOWQxYTg2GiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQ=';
    expect(interpretBuildMessage({ id: 'moby.buildkit.trace', aux: started })).toEqual([]);
  });

  it('decodes an empty BuildKit trace without events', () => {
    expect(interpretBuildMessage({ id: 'moby.buildkit.trace', aux: '' })).toEqual([]);
  });

  it('splits a byte stream into JSON messages across chunk boundaries', async () => {
    const stream = Readable.from([Buffer.from('{"stream":"a"}\n{"str'), Buffer.from('eam":"b"}\n'), Buffer.from('{"aux":{"ID":"x"}}')]);
    const messages = [];
    for await (const message of readJsonMessages(stream)) messages.push(message);
    expect(messages).toEqual([{ stream: 'a' }, { stream: 'b' }, { aux: { ID: 'x' } }]);
  });
});
