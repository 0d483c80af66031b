import { describe, expect, it } from 'vitest';
import { defaultCollectionName } from '../../../src/document/naming.js';

describe('defaultCollectionName', () => {
  it('snake_cases class names the way MongoEngine does', () => {
    expect(defaultCollectionName('User')).toBe('user');
    expect(defaultCollectionName('BlogPost')).toBe('blog_post');
    expect(defaultCollectionName('HTTPLog')).toBe('h_t_t_p_log');
    expect(defaultCollectionName('_Private')).toBe('private');
  });
});
