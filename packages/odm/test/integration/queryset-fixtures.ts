import type { CommandStartedEvent } from 'mongodb';
import { Document, EmbeddedDocument, getConnection } from '../../src/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { IntField } from '../../src/fields/int-field.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';

export class Address extends EmbeddedDocument.define({ city: new StringField() }) {}

export class Person extends Document.define(
  {
    name: new StringField({ required: true }),
    age: new IntField({ min: 0 }),
    tags: new ListField(new StringField()),
    address: new EmbeddedDocumentField(Address),
  },
  { collection: 'people', ordering: ['name'] },
) {
  greet(): string {
    return `hi ${this.name}`;
  }
}

export class Page extends Document.define(
  { title: new StringField({ required: true }), views: new IntField() },
  { allowInheritance: true, collection: 'pages' },
) {}
export class DatedPage extends Page.define({ year: new IntField() }) {
  static {
    this.register();
  }
  label(): string {
    return `${this.title} (${this.year ?? '?'})`;
  }
}

/** The people every read test sees: ages 36, 25, 17 and one without an age. */
export const PEOPLE = [
  { name: 'Ada', age: 36, tags: ['db', 'js'], address: { city: 'Paris' } },
  { name: 'Bob', age: 25, tags: ['db'], address: { city: 'London' } },
  { name: 'Cy', age: 17, tags: [] as string[], address: { city: 'Paris' } },
  { name: 'Dee', tags: ['js', 'db', 'go'] },
];

export async function seedPeople(): Promise<Person[]> {
  await Person.objects().delete();
  const docs = PEOPLE.map(
    (p) =>
      new Person({
        name: p.name,
        tags: [...p.tags],
        ...(p.age !== undefined ? { age: p.age } : {}),
        ...(p.address ? { address: new Address(p.address) } : {}),
      }),
  );
  return Person.objects().insert(docs);
}

/** Records the commands the default connection sends (it must be opened with monitorCommands). */
export function recordCommands(): {
  events: CommandStartedEvent[];
  named(name: string): CommandStartedEvent[];
  clear(): void;
} {
  const events: CommandStartedEvent[] = [];
  getConnection().on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName !== 'hello' && e.commandName !== 'isMaster' && e.commandName !== 'endSessions')
      events.push(e);
  });
  return {
    events,
    named: (name) => events.filter((e) => e.commandName === name),
    clear: () => {
      events.length = 0;
    },
  };
}
