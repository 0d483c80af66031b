import { describe, expect, it } from 'vitest';
import { parseMongoUri, redactUri } from '../../../src/connection/uri.js';

describe('parseMongoUri / redactUri', () => {
  it('splits the database out of single and multi-host URIs', () => {
    expect(parseMongoUri('mongodb://127.0.0.1:27017/blog')).toEqual({
      withoutDb: 'mongodb://127.0.0.1:27017/',
      dbName: 'blog',
      hasCredentials: false,
    });
    expect(parseMongoUri('mongodb://a:1,b:2/db%20x?replicaSet=rs')).toEqual({
      withoutDb: 'mongodb://a:1,b:2/?replicaSet=rs',
      dbName: 'db x',
      hasCredentials: false,
    });
    expect(parseMongoUri('mongodb+srv://u:p@cluster.example.net')?.dbName).toBeUndefined();
    expect(parseMongoUri('mongodb://h/')?.dbName).toBeUndefined();
    expect(parseMongoUri('http://h/db')).toBeUndefined();
  });

  it('hides credentials', () => {
    expect(redactUri('mongodb://ada:secret@h:1/db')).toBe('mongodb://***@h:1/db');
    expect(redactUri('mongodb://h:1/db')).toBe('mongodb://h:1/db');
  });
});
