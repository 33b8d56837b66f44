import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';

/**
 * Long texts are Markdown; here they become HTML for the pages. Raw HTML in the source is escaped
 * (html: false), links to other sites are marked as external, footnote ids are made unique per text.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(footnote);

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href)) {
    token.attrSet('rel', 'external noopener noreferrer');
    token.attrSet('class', 'external');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string, docId: string): string {
  return md.render(text, { docId });
}
