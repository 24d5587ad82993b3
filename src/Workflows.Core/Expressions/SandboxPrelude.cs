using Jint;
using Jint.Native;

namespace Workflows.Core.Expressions;

/// <summary>
/// Runs before every script, inside its engine: the built-ins that make one long string in a single native call
/// (repeat, padStart, padEnd, concat, join, replace, replaceAll, JSON.stringify) first check the length they would
/// build. Jint checks the memory limit between statements, so without this one call allocates gigabytes first.
/// Returns the size function, with which the evaluator checks a result before converting it.
/// </summary>
internal static class SandboxPrelude
{
    private const string Source = """
        (function (max) {
          'use strict';
          var define = Object.defineProperty, str = String, num = Number, floor = Math.floor, keys = Object.keys, RegExpType = RegExp;
          function size(value) {
            var seen = 0, stack = [value];
            while (stack.length > 0 && seen <= max) {
              var v = stack.pop();
              if (typeof v === 'string') { seen += v.length + 2; }
              else if (v !== null && typeof v === 'object') {
                var names = keys(v);
                seen += 2 + names.length;
                for (var i = 0; i < names.length && seen <= max; i++) { seen += names[i].length + 3; stack.push(v[names[i]]); }
              }
              else { seen += 8; }
            }
            return seen;
          }
          function wrap(owner, name, bound) {
            var original = owner[name];
            define(owner, name, {
              value: function () {
                if (bound(this, arguments) > max) {
                  throw new RangeError(name + ' would build a string of more than ' + max + ' characters, the sandbox limit');
                }
                return original.apply(this, arguments);
              },
              writable: true, configurable: true
            });
          }
          // Counting the matches would cost as much as replacing; a pattern that may match everywhere is assumed to.
          function replaced(all) {
            return function (s, a) {
              var text = str(s);
              if (typeof a[1] === 'function') { return text.length; }
              var by = str(a[1]);
              var matches = all || (a[0] instanceof RegExpType && a[0].global) ? text.length + 1 : 1;
              return text.length + matches * (by.length + (by.split('$').length - 1) * text.length);
            };
          }
          wrap(String.prototype, 'repeat', function (s, a) { return str(s).length * floor(num(a[0]) || 0); });
          wrap(String.prototype, 'padStart', function (s, a) { return num(a[0]) || 0; });
          wrap(String.prototype, 'padEnd', function (s, a) { return num(a[0]) || 0; });
          wrap(String.prototype, 'concat', function (s, a) { var n = str(s).length; for (var i = 0; i < a.length; i++) { n += size(a[i]); } return n; });
          wrap(String.prototype, 'replace', replaced(false));
          wrap(String.prototype, 'replaceAll', replaced(true));
          wrap(Array.prototype, 'join', function (arr, a) { return size(arr) + (arr.length >>> 0) * (a[0] === undefined ? 1 : str(a[0]).length); });
          wrap(JSON, 'stringify', function (j, a) { return size(a[0]) * (a[2] ? 4 : 1); });
          return size;
        })
        """;

    private static readonly Prepared<Acornima.Ast.Script> Prepared = Engine.PrepareScript(Source, strict: true);

    /// <summary>Installs the guards in <paramref name="engine"/> and returns the size function.</summary>
    public static JsValue Install(Engine engine, int maxStringLength) =>
        engine.Evaluate(Prepared).Call(maxStringLength);
}
