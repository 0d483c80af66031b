/**
 * Spec tests that the official Node.js driver 7.x itself does not pass, whatever the server
 * does: they check client behaviour the driver does not implement. They are skipped with the
 * reason, so that failures only ever point at the server.
 */
const LIMITATIONS: ReadonlyArray<{ file: string; description: string; reason: string }> = [
  ...['insertOne', 'insertMany', 'bulkWrite'].map((via) => ({
    file: 'crud/create-null-ids.json',
    description: `inserting _id with type null via ${via}`,
    reason:
      'driver limitation: Node driver 7.x replaces a null _id with a new ObjectId before sending an insert',
  })),
  {
    file: 'gridfs/download.json',
    description: 'download when final chunk is missing',
    reason:
      'driver limitation: Node driver 7.x GridFS download ends without error when the final chunk is missing',
  },
];

/**
 * The driver limitation that makes a test unrunnable, if any (matched by exact description).
 *
 * @example
 * driverLimitation('gridfs', 'download.json', 'download when final chunk is missing'); // 'driver limitation: …'
 */
export function driverLimitation(area: string, fileName: string, description: string): string | undefined {
  const file = `${area}/${fileName}`;
  return LIMITATIONS.find((l) => l.file === file && l.description === description)?.reason;
}
