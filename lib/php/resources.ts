// PHP's resource ids and object handles: what var_dump prints as `resource(5) of type (stream)`
// and `object(Socket)#2`, and what get_resource_id(), (int)$stream and spl_object_id() return.
//
// Resources: php-cli numbers them from 1 in creation order, one counter per thread and never
// reused; STDIN, STDOUT and STDERR take 1-3, so a script's first resource is 4. Each stream this
// package opens takes the next id when PHP's would (the stream is allocated before connecting, so
// a failed connect uses one up too), and so does each stream context (lib/streams/context.ts),
// the thread's default one when it is first needed.
//
// Objects: PHP numbers objects from 1 at creation and reuses the handle of a freed one. Socket and
// AddressInfo take theirs when created; any other object when first asked (var_dump,
// spl_object_id); handles are never reused. docs/differences.md says what cannot match.

/** A registered resource's type name, asked at each use (a closed stream is "Unknown"). */
export type ResourceType = () => string;

interface Entry {
  id: number;
  type: ResourceType;
}

let nextResource = 4;
const resources = new WeakMap<object, Entry>();

/** Registers `obj` as a PHP resource whose type name is `type()`; it takes the next id. */
export function registerResource(obj: object, type: ResourceType): number {
  const id = nextResource++;
  resources.set(obj, { id, type });
  return id;
}

/** The resource `v` stands for: its id and current type name; undefined for anything else. */
export function resourceOf(v: unknown): { id: number; type: string } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = resources.get(v);
  return e && { id: e.id, type: e.type() };
}

let nextObject = 1;
const objects = new WeakMap<object, number>();

/**
 * The next object handle, for an object that keeps its own (a Socket: numbered when created
 * without a WeakMap entry, whose ephemeron costs the garbage collector more than the rest of
 * making the object). ownObjectId() tells objectId() where such an object keeps it.
 */
export function newObjectId(): number {
  return nextObject++;
}

let ownId: (obj: object) => number | undefined = () => undefined;

/** Registers the reader of the handles objects keep themselves (newObjectId()); undefined: none. */
export function ownObjectId(read: (obj: object) => number | undefined): void {
  ownId = read;
}

/** The object's handle (PHP's spl_object_id / var_dump's #N): given at the first call. */
export function objectId(obj: object): number {
  let id = ownId(obj) ?? objects.get(obj);
  if (id === undefined) {
    id = nextObject++;
    objects.set(obj, id);
  }
  return id;
}
