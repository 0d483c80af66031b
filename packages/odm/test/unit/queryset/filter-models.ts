import {
  DateTimeField,
  DictField,
  DynamicDocument,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  EnumField,
  GeoPointField,
  IntField,
  ListField,
  ObjectIdField,
  PointField,
  PolygonField,
  StringField,
  FloatField,
} from '../../../src/index.js';

export class QAddress extends EmbeddedDocument.define({
  city: new StringField({ dbField: 'c' }),
  zip: new StringField(),
}) {}

export class QComment extends EmbeddedDocument.define({
  author: new StringField(),
  votes: new IntField(),
}) {}

export const Status = { Draft: 'draft', Live: 'live' } as const;

export class QUser extends Document.define({
  name: new StringField({ required: true, maxLength: 50 }),
  age: new IntField({ min: 0 }),
  score: new FloatField(),
  born: new DateTimeField(),
  status: new EnumField(Status),
  owner: new ObjectIdField(),
  address: new EmbeddedDocumentField(QAddress, { dbField: 'addr' }),
  tags: new ListField(new StringField()),
  scores: new ListField(new IntField()),
  comments: new ListField(new EmbeddedDocumentField(QComment)),
  settings: new DictField(),
  location: new PointField(),
  area: new PolygonField(),
  legacy: new GeoPointField(),
}) {}

export class QLoose extends DynamicDocument.define({ name: new StringField() }) {}
