import { describe, expect, it } from 'vitest';
import {
  CASCADE,
  DENY,
  DO_NOTHING,
  DeleteRule,
  DictField,
  Document,
  EmbeddedDocument,
  GenericReferenceField,
  InvalidDocumentError,
  LazyReferenceField,
  NULLIFY,
  PULL,
  ReferenceField,
  deleteRulesFor,
  hasDeleteRulesFor,
  isDeleteRule,
} from '../../../src/index.js';
import { classInfo } from '../../../src/document/class-info.js';
import { ListField } from '../../../src/fields/list-field.js';
import { StringField } from '../../../src/fields/string-field.js';

describe('DeleteRule constants', () => {
  it('are the MongoEngine names, as a const object and bare constants', () => {
    expect(DeleteRule).toEqual({
      DO_NOTHING: 'DO_NOTHING',
      NULLIFY: 'NULLIFY',
      CASCADE: 'CASCADE',
      DENY: 'DENY',
      PULL: 'PULL',
    });
    expect([DO_NOTHING, NULLIFY, CASCADE, DENY, PULL]).toEqual(Object.values(DeleteRule));
    expect(isDeleteRule('CASCADE')).toBe(true);
    expect(isDeleteRule('cascade')).toBe(false);
    expect(isDeleteRule('toString')).toBe(false);
  });
});

describe('registration', () => {
  class UTarget extends Document.define(
    { name: new StringField() },
    { collection: 'u_targets', allowInheritance: true },
  ) {}
  class UChild extends UTarget.define({}) {}
  class UBase extends Document.define(
    {
      one: new ReferenceField(() => UTarget, { reverseDeleteRule: CASCADE }),
      many: new ListField(new LazyReferenceField(() => UTarget, { reverseDeleteRule: PULL })),
      none: new ReferenceField(() => UTarget, { reverseDeleteRule: DO_NOTHING }),
    },
    { collection: 'u_bases', allowInheritance: true },
  ) {}
  class USub extends UBase.define({ extra: new StringField() }) {}
  class ULonely extends Document.define({ name: new StringField() }) {}
  class UAllow extends Document.define({ name: new StringField() }, { allowInheritance: true }) {}

  it('records the rules of a class when it is finalised, on the target and its subclasses', () => {
    classInfo(UBase);
    classInfo(USub);
    const rules = deleteRulesFor(UTarget);
    expect(rules.map((r) => [r.label, r.rule, r.path, r.list, r.kind])).toEqual([
      ['UBase.one', 'CASCADE', 'one', false, 'ref'],
      ['UBase.many', 'PULL', 'many', true, 'ref'],
    ]);
    // The subclass inherits the fields, not a second registration: UBase's queries cover USub.
    expect(rules.every((r) => r.owner === UBase)).toBe(true);
    classInfo(UChild);
    expect(deleteRulesFor(UChild)).toEqual(rules);
    expect(hasDeleteRulesFor(ULonely)).toBe(false);
    expect(hasDeleteRulesFor(UAllow)).toBe(false);
  });
});

describe('definition errors', () => {
  class ETarget extends Document.define({ name: new StringField() }, { collection: 'e_targets' }) {}

  it('PULL on a single reference names the field', () => {
    class EPull extends Document.define({
      owner: new ReferenceField(() => ETarget, { reverseDeleteRule: PULL }),
    }) {}
    expect(() => classInfo(EPull)).toThrow(InvalidDocumentError);
    expect(() => new EPull()).toThrow(/EPull\.owner: the PULL rule .* needs a ListField/);
  });

  it('the option is typed: rule names and constants only', () => {
    const ok = [
      new ReferenceField(() => ETarget, { reverseDeleteRule: CASCADE }),
      new ReferenceField(() => ETarget, { reverseDeleteRule: 'NULLIFY' }),
      new LazyReferenceField(() => ETarget, { reverseDeleteRule: DeleteRule.DENY }),
      // @ts-expect-error -- not a rule name
      new ReferenceField(() => ETarget, { reverseDeleteRule: 'DELETE' }),
    ];
    expect(ok.map((f) => f.options.reverseDeleteRule)).toEqual(['CASCADE', 'NULLIFY', 'DENY', 'DELETE']);
  });

  it('an unknown rule', () => {
    class EUnknown extends Document.define({
      owner: new ReferenceField(() => ETarget, { reverseDeleteRule: 'DELETE' as never }),
    }) {}
    expect(() => classInfo(EUnknown)).toThrow(/EUnknown\.owner: unknown reverseDeleteRule "DELETE"/);
  });

  it('a rule in an embedded document', () => {
    class EEmb extends EmbeddedDocument.define({
      owner: new ReferenceField(() => ETarget, { reverseDeleteRule: CASCADE }),
    }) {}
    expect(() => classInfo(EEmb)).toThrow(
      /EEmb\.owner: reverseDeleteRule cannot be declared in an embedded document/,
    );
  });

  it('a rule inside a DictField or a nested list', () => {
    class EDict extends Document.define({
      owners: new DictField(new ReferenceField(() => ETarget, { reverseDeleteRule: NULLIFY })),
    }) {}
    expect(() => classInfo(EDict)).toThrow(/EDict\.owners: .* not inside a DictField/);
    class ENested extends Document.define({
      owners: new ListField(new ListField(new ReferenceField(() => ETarget, { reverseDeleteRule: PULL }))),
    }) {}
    expect(() => classInfo(ENested)).toThrow(/ENested\.owners/);
  });

  it('a rule on a field that is not a reference', () => {
    class ENotRef extends Document.define({
      name: new StringField({ reverseDeleteRule: CASCADE } as never),
    }) {}
    expect(() => classInfo(ENotRef)).toThrow(/ENotRef\.name: reverseDeleteRule belongs on a reference field/);
  });

  it('a rule on a generic reference without choices', () => {
    class EGeneric extends Document.define({
      target: new GenericReferenceField({ reverseDeleteRule: CASCADE }),
    }) {}
    expect(() => classInfo(EGeneric)).toThrow(/EGeneric\.target: .* needs `choices`/);
    class EGenericOk extends Document.define({
      target: new GenericReferenceField({ choices: [ETarget], reverseDeleteRule: DENY }),
    }) {}
    expect(() => classInfo(EGenericOk)).not.toThrow();
    expect(deleteRulesFor(ETarget).map((r) => [r.label, r.kind])).toEqual([['EGenericOk.target', 'generic']]);
  });
});
