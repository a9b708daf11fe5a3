import { splitLine } from "./validation-harness";

describe("CSV line splitting", () => {
  it.each([
    ["a,b,c", ["a", "b", "c"]],
    ["", [""]],
    [",", ["", ""]],
    ["a,", ["a", ""]],
    ['"a,b",c', ["a,b", "c"]],
    ['"say ""hi""",x', ['say "hi"', "x"]],
    ['"",x', ["", "x"]],
    ['""""', ['"']],
    ["é,日本,🙂", ["é", "日本", "🙂"]],
    [" a , b ", [" a ", " b "]],
    ['"a\rb",c', ["a\rb", "c"]],
    ["x".repeat(20) + ",".repeat(40), ["x".repeat(20), ...Array<string>(40).fill("")]],
  ])("splits %j", (line, fields) => {
    // Act
    const actual = splitLine(line);
    // Assess
    expect(actual).toEqual(fields);
  });

  it.each([
    ['a,"b', "unterminated-quote"],
    ['"a"b,c', "text-after-closing-quote"],
    ['"a" ,b', "text-after-closing-quote"],
    ['a"b,c', "quote-in-unquoted-field"],
    [' "a",b', "quote-in-unquoted-field"],
  ])("reports %j as %s", (line, problem) => {
    // Act
    const actual = splitLine(line);
    // Assess
    expect(actual).toBe(problem);
  });
});
