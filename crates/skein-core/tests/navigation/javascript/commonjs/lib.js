function parse(text) {
  return text;
}
function format(value) {
  return String(value);
}
exports.version = function version() {};
module.exports.parse = parse;
module.exports = { parse, render: format };
