// get_resource_id(), get_resource_type() and spl_object_id(): how PHP code keys its clients
// ((int)$stream, get_resource_id($stream), spl_object_id($socket)), over lib/php/resources.ts.
import { arity, phpType, typeError } from './args.js';
import { objectId, resourceOf } from './resources.js';

function resourceArg(v: unknown, fn: string): { id: number; type: string } {
  const res = resourceOf(v);
  if (!res) throw typeError(fn, 1, 'resource', 'resource', v);
  return res;
}

/**
 * PHP's get_resource_id(): the resource's number (what `(int)$stream` gives, here also
 * `Number(stream)`), numbered as php-cli numbers them (the first is 4); kept after fclose().
 */
export function get_resource_id(resource: unknown): number {
  const fn = 'get_resource_id';
  arity(fn, arguments.length, 1, 1);
  return resourceArg(resource, fn).id;
}

/**
 * PHP's get_resource_type(): "stream", "persistent stream" (pfsockopen(),
 * STREAM_CLIENT_PERSISTENT), or "Unknown" once closed.
 */
export function get_resource_type(resource: unknown): string {
  const fn = 'get_resource_type';
  arity(fn, arguments.length, 1, 1);
  return resourceArg(resource, fn).type;
}

// JS objects that stand for PHP values other than objects (arrays, byte strings, resources).
const NOT_OBJECTS = new Set(['array', 'string', 'resource']);

/**
 * PHP's spl_object_id(): the object's handle, the #N var_dump prints. Unique and stable while the
 * object lives; a Socket or AddressInfo is numbered when created, as in PHP, any other object when
 * first asked. Unlike PHP, a freed object's number is never given to a new one.
 */
export function spl_object_id(object: object): number {
  const fn = 'spl_object_id';
  arity(fn, arguments.length, 1, 1);
  const isObject = (typeof object === 'object' && object !== null) || typeof object === 'function';
  if (!isObject || NOT_OBJECTS.has(phpType(object))) throw typeError(fn, 1, 'object', 'object', object);
  return objectId(object);
}
