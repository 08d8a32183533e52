// Renders a Markdown file to HTML with markdown-it (CommonMark with GFM tables), as a web
// editor would. Usage: node render-markdown.js FILE  (HTML on standard output)
'use strict';
const fs = require('fs');
const MarkdownIt = require('markdown-it');
const md = new MarkdownIt({ html: false });
process.stdout.write(md.render(fs.readFileSync(process.argv[2], 'utf8')));
