/**
 * What the documented answer to a write is: the written resource, or something else. Only the written resource
 * promises that what was sent comes back.
 */

/**
 * An update (PATCH, PUT) answers the updated resource, a create (POST answered 201) the created one. Other POSTs are
 * actions, whose answer is something else (an operation, a result): the page does not say what of the request it
 * carries, even when its example happens to show a sent value again.
 */
export function answerCarriesWrite(method: string, documentedStatus: number): boolean {
  return method === 'PATCH' || method === 'PUT' || (method === 'POST' && documentedStatus === 201);
}
