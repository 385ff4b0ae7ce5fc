// StrykerJS ignorer: skips mutants of error-message text, and only of that.
//
// Error messages are prose for humans; the contract is the error `code` (and `details`), which
// is what every test asserts. A mutant that only rewrites a message (`'bad length'` -> `''`) can
// never be killed by a code-asserting test, so it is skipped instead of being counted as a
// survivor. Only the message argument is skipped (with what is interpolated into it, which only
// reaches the message): the call itself, the code argument, the `check`/`format` identifiers and
// the condition that throws stay mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Callee name -> index of its message argument. */
const MESSAGE_ARGUMENT = new Map([
  ['WebAuthnError', 1],
  ['TypeError', 0],
  ['RangeError', 0],
  ['Error', 0],
  ['SyntaxError', 0],
  ['invalid', 0],
  ['bad', 0],
  ['keyMismatch', 0],
  ['keyInvalid', 0],
  ['unsupported', 1], // unsupported(alg, message)
  ['bytesParam', 2], // crypto/cose.ts bytesParam(map, label, what)
  ['attestationError', 2],
  ['expectUniversal', 2], // expectUniversal(el, tag, what): `what` only names the element in the message
  ['readScheme', 1], // TPM readScheme(r, what)
  ['guarded', 0], // certificates/extensions.ts guarded(what, fn): `malformed ${what}`
  ['decodeInteger', 1], // certificates/extensions.ts decodeInteger(el, what)
  ['decodeIntegerSet', 1],
  ['decodeAscii', 1], // certificates/names.ts decodeAscii(bytes, what)
  ['decodeSmallUnsigned', 1], // certificates/parse.ts decodeSmallUnsigned(el, what)
  ['checkValidity', 2], // certificates/chain.ts checkValidity(cert, now, role, position): `role` names the certificate in the message
  ['checkIssuer', 1], // certificates/chain.ts checkIssuer(cert, role, …)
  ['compileOrigins', 1], // verify/origins.ts compileOrigins(expected, option, …): the option name prefixes TypeError messages
  ['assertConfiguredOrigin', 1],
  ['failWith', 1], // android-safetynet.ts failWith(check, message)
  ['jsonObject', 1], // android-safetynet.ts jsonObject(segment, what)
  ['durationPolicy', 0], // android-safetynet.ts durationPolicy(name, value, fallback): `name` prefixes the RangeError message
]);

/**
 * Methods of the TPM structure reader (src/attestation/tpm/reader.ts) -> index of their `what`
 * label, which only names the field in the reader's error messages (`${what} is truncated`).
 */
const READER_LABEL_ARGUMENT = new Map([
  ['u8', 0],
  ['u16', 0],
  ['u32', 0],
  ['u64', 0],
  ['bytes', 1],
  ['tpm2b', 0],
  ['end', 0],
]);

/** Callee name -> index of an argument that is an object of message labels ({ outer: 'Certificate', … }). */
const LABEL_OBJECT_ARGUMENT = new Map([['readSignedEnvelope', 1]]);

function isLabelObject(node) {
  return (
    node.type === 'ObjectExpression' &&
    node.properties.every((p) => p.type === 'ObjectProperty' && p.value.type === 'StringLiteral')
  );
}

/** True when `path` is a label object argument (or one of its text values) of a LABEL_OBJECT_ARGUMENT callee. */
function isLabelArgument(path) {
  let object = path;
  if (path.node.type === 'StringLiteral' && path.parentPath?.isObjectProperty()) object = path.parentPath.parentPath;
  if (!object || !isLabelObject(object.node)) return false;
  const call = object.parentPath;
  if (!call || !(call.isCallExpression() || call.isNewExpression())) return false;
  const index = LABEL_OBJECT_ARGUMENT.get(calleeName(call.node));
  return index !== undefined && call.node.arguments[index] === object.node;
}

/** `fail(…)`, and `this.fail(…)` / `p.fail(…)` for the decoders' own fail method. */
function calleeName(node) {
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'fail') return 'fail';
  return undefined;
}

/** `fail` has two shapes in src/: fail(message) and fail(check, message). The last argument that is text is the message. */
function messageIndex(node) {
  const callee = node.callee;
  if (callee.type === 'MemberExpression' && !callee.computed && READER_LABEL_ARGUMENT.has(callee.property.name))
    return READER_LABEL_ARGUMENT.get(callee.property.name);
  const name = calleeName(node);
  if (name === undefined) return undefined;
  if (name === 'fail') {
    const args = node.arguments;
    const last = args.length - 1;
    if (last >= 0 && isText(args[last])) return last;
    if (last >= 1 && isText(args[last - 1])) return last - 1; // fail(check, message, cause)
    return undefined;
  }
  return MESSAGE_ARGUMENT.get(name);
}

function isText(node) {
  if (node.type === 'StringLiteral' || node.type === 'TemplateLiteral')
    return !/^ERR_[A-Z0-9_]+$/.test(node.value ?? '');
  if (node.type === 'BinaryExpression' && node.operator === '+') return isText(node.left) || isText(node.right);
  return false;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-messages', {
    shouldIgnore(path) {
      if (isLabelArgument(path)) return 'Error-message labels: tests assert error codes, not messages.';
      const parent = path.parentPath;
      if (!parent || !(parent.isCallExpression() || parent.isNewExpression())) return undefined;
      if (!isText(path.node)) return undefined;
      const index = messageIndex(parent.node);
      if (index === undefined || parent.node.arguments[index] !== path.node) return undefined;
      return 'Error-message text: tests assert error codes, not messages.';
    },
  }),
];
