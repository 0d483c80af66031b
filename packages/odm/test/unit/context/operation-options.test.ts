import type { ClientSession } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { sessionOptions, writeOptionsFor } from '../../../src/context/operation-options.js';
import { runWithContext } from '../../../src/context/store.js';
import { TransactionAliasError } from '../../../src/context/transaction-errors.js';
import { setWriteConcern } from '../../../src/context/switches.js';

class Base {}
class Child extends Base {}
class Other {}

function fakeSession(inTransaction: boolean): ClientSession {
  return { inTransaction: () => inTransaction } as unknown as ClientSession;
}

describe('sessionOptions / writeOptionsFor', () => {
  it('returns nothing outside a transaction', () => {
    expect(sessionOptions('default')).toEqual({});
    expect(writeOptionsFor('default', Base)).toEqual({});
  });

  it('hands the session to calls on the transaction’s alias and refuses other aliases', () => {
    const session = fakeSession(true);
    runWithContext({ session, sessionAlias: 'main' }, () => {
      expect(sessionOptions('main')).toEqual({ session });
      expect(() => sessionOptions('other')).toThrow(TransactionAliasError);
      expect(() => writeOptionsFor('other', Base)).toThrow(/inside a transaction on 'main'/);
    });
  });

  it('a nested patch without a session keeps the outer session and alias; session: undefined leaves it', () => {
    const session = fakeSession(true);
    runWithContext({ session, sessionAlias: 'main' }, () => {
      runWithContext({ noSubClasses: [Base] }, () => {
        expect(sessionOptions('main').session).toBe(session);
      });
      runWithContext({ session: undefined }, () => {
        expect(sessionOptions('other')).toEqual({});
      });
    });
  });

  it('applies setWriteConcern to the class and its subclasses; explicit wins', () => {
    setWriteConcern(Base, { w: 2 }, () => {
      expect(writeOptionsFor('default', Base)).toEqual({ writeConcern: { w: 2 } });
      expect(writeOptionsFor('default', Child)).toEqual({ writeConcern: { w: 2 } });
      expect(writeOptionsFor('default', Other)).toEqual({});
      expect(writeOptionsFor('default', Child, { w: 0 })).toEqual({ writeConcern: { w: 0 } });
      setWriteConcern(Child, { w: 'majority' }, () => {
        expect(writeOptionsFor('default', Child)).toEqual({ writeConcern: { w: 'majority' } });
      });
    });
  });

  it('sends no write concern inside a transaction (the transaction’s applies)', () => {
    const session = fakeSession(true);
    setWriteConcern(Base, { w: 2 }, () =>
      runWithContext({ session, sessionAlias: 'default' }, () => {
        expect(writeOptionsFor('default', Base, { w: 1 })).toEqual({ session });
      }),
    );
  });
});
