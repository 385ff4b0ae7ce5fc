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
  ['invalid', 0],
  ['bad', 0],
  ['keyMismatch', 0],
  ['attestationError', 2],
]);

function calleeName(node) {
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name;
  return undefined;
}

/** `fail` has two shapes in src/: fail(message) and fail(check, message). The last argument that is text is the message. */
function messageIndex(node) {
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
      const parent = path.parentPath;
      if (!parent || !(parent.isCallExpression() || parent.isNewExpression())) return undefined;
      if (!isText(path.node)) return undefined;
      const index = messageIndex(parent.node);
      if (index === undefined || parent.node.arguments[index] !== path.node) return undefined;
      return 'Error-message text: tests assert error codes, not messages.';
    },
  }),
];
