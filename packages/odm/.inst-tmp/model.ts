import {
  BooleanField, DateTimeField, DictField, Document, EmbeddedDocument, EmbeddedDocumentField, EnumField,
  FloatField, IntField, ListField, ObjectIdField, PointField, StringField, EmailField, URLField, LongField,
} from '../src/index.js';

export class Address extends EmbeddedDocument.define({
  city: new StringField(), zip: new StringField(), street: new StringField(), n: new IntField(),
}) {}
export class Comment extends EmbeddedDocument.define({ author: new StringField(), votes: new IntField(), at: new DateTimeField() }) {}

export class Big extends Document.define({
  f1: new StringField({ required: true }), f2: new StringField(), f3: new IntField(), f4: new IntField(),
  f5: new FloatField(), f6: new BooleanField(), f7: new DateTimeField(), f8: new ObjectIdField(),
  f9: new EnumField(['a', 'b'] as const), f10: new EmailField(), f11: new URLField(), f12: new LongField(),
  f13: new ListField(new StringField()), f14: new ListField(new IntField()), f15: new DictField(),
  f16: new EmbeddedDocumentField(Address), f17: new EmbeddedDocumentField(Address),
  f18: new ListField(new EmbeddedDocumentField(Comment)), f19: new PointField(), f20: new StringField(),
}) {}
