/** kafkajs-snappy ships no types: a kafkajs codec factory (platform/kafka-codecs.ts). */
declare module 'kafkajs-snappy' {
  const SnappyCodec: () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };
  export default SnappyCodec;
}
