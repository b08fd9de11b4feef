/**
 * A fetch body as an async iterable of chunks (the DOM typings of ReadableStream have no async
 * iterator). Breaking out of the loop cancels the stream, so an aborted read closes the download.
 */
export async function* readStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
