/** Draws the view model onto jsPDF pages: header, parties and amount box, line items, totals, payment, notes, every page's decorations. */
import { GState, jsPDF } from "jspdf";
import { autoTable, type CellHookData, type RowInput } from "jspdf-autotable";
import { fill } from "../labels.ts";
import type { FontNames } from "./embedded-fonts.ts";
import { CONTINUATION_TOP, FOOTER_RESERVE, INK, LEADING, MARGIN_TOP, MARGIN_X, mix, MUTED, PAID, type Rgb, RULE, SIZE_BODY, SIZE_EYEBROW, SIZE_FOOTER, SIZE_HEADING, SIZE_SMALL, TEXT, VOID } from "./style.ts";
import type { PdfLogo } from "./types.ts";
import type { InvoiceView, LabelledLine, PartyView, TotalRow } from "./view-model.ts";

export class Painter {
  private readonly width: number;
  private readonly height: number;
  private readonly right: number;
  private readonly contentWidth: number;
  private readonly bottom: number;
  private y = MARGIN_TOP;

  constructor(
    private readonly pdf: jsPDF,
    private readonly view: InvoiceView,
    private readonly fonts: FontNames,
    private readonly accent: Rgb,
    private readonly logo: PdfLogo | null,
    private readonly t: (text: string) => string,
  ) {
    this.width = pdf.internal.pageSize.getWidth();
    this.height = pdf.internal.pageSize.getHeight();
    this.right = this.width - MARGIN_X;
    this.contentWidth = this.right - MARGIN_X;
    this.bottom = this.height - FOOTER_RESERVE;
  }

  paint(): void {
    this.header();
    this.parties();
    this.itemsTable();
    this.totalsAndPayment();
    this.notes();
    this.decoratePages();
  }

  // -- primitives -----------------------------------------------------------

  private font(style: "normal" | "bold", size: number, color: Rgb): void {
    this.pdf.setFont(this.fonts[style], "normal");
    this.pdf.setFontSize(size);
    this.pdf.setTextColor(color[0], color[1], color[2]);
  }

  private lineHeight(size: number): number {
    return size * LEADING;
  }

  private text(text: string | string[], x: number, y: number, align: "left" | "right" | "center" = "left"): void {
    this.pdf.text(text, x, y, { align, baseline: "alphabetic" });
  }

  private wrap(text: string, width: number): string[] {
    return this.pdf.splitTextToSize(text, width) as string[];
  }

  /** Small upper-case section label with a little letter spacing. */
  private eyebrow(text: string, x: number, y: number, color: Rgb = MUTED): void {
    this.font("bold", SIZE_EYEBROW, color);
    this.pdf.setCharSpace(0.6);
    this.text(text, x, y);
    this.pdf.setCharSpace(0);
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = CONTINUATION_TOP;
  }

  private ensureSpace(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** "Label: value" wrapped to `width`; the label part printed muted. Returns the height used. */
  private labelled(line: LabelledLine, x: number, y: number, width: number, size: number): number {
    const prefix = line.label ? `${line.label}${/[.:]$/.test(line.label) ? "" : ":"} ` : "";
    this.font("normal", size, TEXT);
    const lines = this.wrap(prefix + line.value, width);
    const leading = this.lineHeight(size);
    lines.forEach((row, index) => {
      const baseline = y + size + index * leading;
      if (index === 0 && prefix && row.startsWith(prefix)) {
        this.font("normal", size, MUTED);
        this.text(prefix, x, baseline);
        const offset = this.pdf.getTextWidth(prefix);
        this.font("normal", size, TEXT);
        this.text(row.slice(prefix.length), x + offset, baseline);
      } else {
        this.font("normal", size, TEXT);
        this.text(row, x, baseline);
      }
    });
    return lines.length * leading;
  }

  // -- page 1 header --------------------------------------------------------

  private header(): void {
    const { pdf, view } = this;
    // A thin accent rule across the top edge.
    pdf.setFillColor(...this.accent);
    pdf.rect(0, 0, this.width, 4, "F");

    const top = MARGIN_TOP;
    // Left: heading, subject, meta rows.
    this.font("bold", SIZE_HEADING, INK);
    this.text(view.heading, MARGIN_X, top + SIZE_HEADING * 0.8);
    let left = top + SIZE_HEADING * 0.8 + 10;
    if (view.subject) {
      this.font("normal", 11, TEXT);
      const lines = this.wrap(view.subject, this.contentWidth * 0.58);
      this.text(lines, MARGIN_X, left + 11);
      left += lines.length * this.lineHeight(11) + 2;
    }
    left += 10;
    this.font("normal", SIZE_SMALL, MUTED);
    const labelWidth = Math.max(...view.meta.map((row) => pdf.getTextWidth(row.label))) + 14;
    for (const row of view.meta) {
      this.font("normal", SIZE_SMALL, MUTED);
      this.text(row.label, MARGIN_X, left + SIZE_SMALL);
      this.font(row === view.meta[0] ? "bold" : "normal", SIZE_SMALL, INK);
      this.text(row.value, MARGIN_X + labelWidth, left + SIZE_SMALL);
      left += this.lineHeight(SIZE_SMALL) + 1.5;
    }

    // Right: the logo, or the sender's name as a word mark.
    let right = top;
    const logoDrawn = this.drawLogo(top);
    if (logoDrawn > 0) right += logoDrawn;
    else if (view.from.name) {
      this.font("bold", 13, this.accent);
      const lines = this.wrap(view.from.name, this.contentWidth * 0.4);
      this.text(lines, this.right, top + 13, "right");
      right += lines.length * this.lineHeight(13);
    }
    this.y = Math.max(left, right) + 26;
  }

  /** Draws the logo into a box at the top right; returns its height (0 when there is none or it is unreadable). */
  private drawLogo(top: number): number {
    if (!this.logo) return 0;
    const format = this.logo.type === "png" ? "PNG" : "JPEG";
    try {
      const properties = this.pdf.getImageProperties(this.logo.bytes);
      const maxWidth = 150;
      const maxHeight = 52;
      const scale = Math.min(maxWidth / properties.width, maxHeight / properties.height);
      const width = properties.width * scale;
      const height = properties.height * scale;
      this.pdf.addImage(this.logo.bytes, format, this.right - width, top, width, height, "logo", "FAST");
      return height;
    } catch {
      return 0;
    }
  }

  // -- parties + amount box -------------------------------------------------

  private parties(): void {
    const { view } = this;
    const gap = 22;
    const column = (this.contentWidth - 2 * gap) / 3;
    const top = this.y;
    // Rule above the parties row.
    this.pdf.setDrawColor(...RULE);
    this.pdf.setLineWidth(0.6);
    this.pdf.line(MARGIN_X, top - 12, this.right, top - 12);
    const fromHeight = this.party(view.eyebrows.from, view.from, MARGIN_X, top + 6, column);
    const billHeight = this.party(view.eyebrows.billTo, view.billTo, MARGIN_X + column + gap, top + 6, column);
    const boxHeight = this.amountBox(this.right - column, top, column);
    this.y = top + Math.max(fromHeight + 6, billHeight + 6, boxHeight) + 28;
  }

  private party(eyebrow: string, party: PartyView, x: number, top: number, width: number): number {
    if (!party.name && !party.lines.length) return 0;
    this.eyebrow(eyebrow, x, top + SIZE_EYEBROW);
    let y = top + SIZE_EYEBROW + 8;
    if (party.name) {
      this.font("bold", 10, INK);
      const lines = this.wrap(party.name, width);
      this.text(lines, x, y + 10);
      y += lines.length * this.lineHeight(10) + 1;
    }
    for (const line of party.lines) y += this.labelled(line, x, y, width, SIZE_SMALL);
    return y - top;
  }

  private amountBox(x: number, top: number, width: number): number {
    const { box } = this.view;
    const tone = box.tone === "paid" ? PAID : box.tone === "void" ? VOID : this.accent;
    const padding = 14;
    this.font("bold", 17, INK);
    let amountSize = 17;
    while (amountSize > 10 && this.pdf.getTextWidth(box.amount) > width - 2 * padding) {
      amountSize -= 1;
      this.font("bold", amountSize, INK);
    }
    const height = padding + SIZE_EYEBROW + 8 + amountSize + 8 + (box.caption ? SIZE_SMALL + 4 : 0) + padding - 4;
    this.pdf.setFillColor(...mix(tone, 0.07));
    this.pdf.rect(x, top, width, height, "F");
    this.pdf.setFillColor(...tone);
    this.pdf.rect(x, top, 2.5, height, "F");
    let y = top + padding;
    this.eyebrow(box.eyebrow, x + padding, y + SIZE_EYEBROW, tone);
    y += SIZE_EYEBROW + 8;
    this.font("bold", amountSize, INK);
    this.text(box.amount, x + padding, y + amountSize * 0.85);
    y += amountSize + 8;
    if (box.caption) {
      this.font("normal", SIZE_SMALL, MUTED);
      this.text(box.caption, x + padding, y + SIZE_SMALL * 0.85);
    }
    return height;
  }

  // -- line items -----------------------------------------------------------

  private itemsTable(): void {
    const { view } = this;
    const lastKey = view.columns[view.columns.length - 1]?.key;
    const firstKey = view.columns[0]?.key;
    // Long invoices get a denser table; short ones more air.
    const vertical = view.rows.length > 25 ? 4.5 : 6.5;
    const padding = { top: vertical, bottom: vertical, left: 5, right: 5 };
    // Numbers never wrap: each numeric column is exactly as wide as its widest cell
    // (header included); the description takes the rest and wraps.
    const columnStyles: Record<string, { halign: "right"; cellWidth: number } | { cellWidth: "auto" }> = {};
    for (const column of view.columns) {
      if (!column.numeric) {
        columnStyles[column.key] = { cellWidth: "auto" };
        continue;
      }
      this.font("bold", SIZE_EYEBROW, MUTED);
      let widest = this.pdf.getTextWidth(column.header);
      this.font("normal", SIZE_BODY, TEXT);
      for (const row of view.rows) widest = Math.max(widest, this.pdf.getTextWidth(row[column.key] ?? ""));
      const horizontal = column.key === lastKey ? padding.left : padding.left + padding.right;
      columnStyles[column.key] = { halign: "right", cellWidth: Math.ceil(widest + horizontal + 1) };
    }
    autoTable(this.pdf, {
      startY: this.y,
      margin: { top: CONTINUATION_TOP, bottom: FOOTER_RESERVE, left: MARGIN_X, right: MARGIN_X },
      columns: view.columns.map((column) => ({ header: column.header, dataKey: column.key })),
      body: view.rows as RowInput[],
      theme: "plain",
      showHead: "everyPage",
      rowPageBreak: "avoid",
      pageBreak: "auto",
      tableWidth: this.contentWidth,
      styles: {
        font: this.fonts.normal,
        fontStyle: "normal",
        fontSize: SIZE_BODY,
        textColor: [...TEXT],
        cellPadding: padding,
        lineColor: [...RULE],
        lineWidth: { bottom: 0.6 },
        overflow: "linebreak",
        valign: "top",
      },
      headStyles: {
        font: this.fonts.bold,
        fontStyle: "normal",
        fontSize: SIZE_EYEBROW,
        textColor: [...MUTED],
        fillColor: false,
        lineColor: [...this.accent],
        lineWidth: { bottom: 1 },
        cellPadding: { top: 4, bottom: 6, left: 5, right: 5 },
        valign: "bottom",
      },
      columnStyles,
      didParseCell: (data: CellHookData) => {
        const key = data.column.dataKey;
        if (key === firstKey) data.cell.styles.cellPadding = { ...padding, top: data.section === "head" ? 4 : padding.top, bottom: data.section === "head" ? 6 : padding.bottom, left: 0 };
        if (key === lastKey) data.cell.styles.cellPadding = { ...padding, top: data.section === "head" ? 4 : padding.top, bottom: data.section === "head" ? 6 : padding.bottom, right: 0 };
        if (data.section === "head" && key !== "description") data.cell.styles.halign = "right";
        if (data.section === "body" && key === "description") data.cell.styles.textColor = [...INK];
        if (data.section === "body" && key === "amount") data.cell.styles.textColor = [...INK];
      },
    });
    const finalY = (this.pdf as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable?.finalY;
    this.y = (finalY ?? this.y) + 18;
  }

  // -- totals, paid stamp, payment details ----------------------------------

  private totalsAndPayment(): void {
    const { view } = this;
    const totalsWidth = Math.min(260, this.contentWidth * 0.5);
    const totalsX = this.right - totalsWidth;
    const gap = 10;

    // Lay the totals out first to know their height.
    type Laid = { row: TotalRow; lines: string[]; height: number; size: number };
    const laid: Laid[] = view.totals.map((row) => {
      const size = row.kind === "total" ? 11.5 : SIZE_BODY;
      this.font(row.kind === "total" ? "bold" : "normal", size, INK);
      const amountWidth = this.pdf.getTextWidth(row.amount);
      const lines = this.wrap(row.label, Math.max(60, totalsWidth - amountWidth - gap - (row.kind === "total" ? 16 : 0)));
      const padding = row.kind === "total" ? 9 : 4.5;
      return { row, lines, size, height: lines.length * this.lineHeight(size) - (this.lineHeight(size) - size) + 2 * padding };
    });
    const totalsHeight = laid.reduce((sum, item) => sum + item.height, 0) + 6;
    const paymentWidth = this.contentWidth - totalsWidth - 36;
    const paymentHeight = this.paymentBlock(MARGIN_X, 0, paymentWidth, false);
    const stampHeight = view.paidStamp && !view.payment.length ? 70 : 0;
    this.ensureSpace(Math.max(totalsHeight, paymentHeight, stampHeight));

    const top = this.y;
    let y = top;
    for (const item of laid) {
      const { row } = item;
      const padding = row.kind === "total" ? 9 : 4.5;
      if (row.kind === "total") {
        y += 4;
        this.pdf.setFillColor(...mix(this.accent, 0.08));
        this.pdf.roundedRect(totalsX, y, totalsWidth, item.height, 3, 3, "F");
        this.font("bold", item.size, INK);
        this.text(item.lines, totalsX + 8, y + padding + item.size * 0.8);
        this.font("bold", item.size, this.accent);
        this.text(row.amount, this.right - 8, y + padding + item.size * 0.8, "right");
        y += item.height + 2;
        continue;
      }
      const color = row.kind === "paid" ? PAID : TEXT;
      this.font("normal", item.size, row.kind === "sub" ? TEXT : MUTED);
      if (row.kind === "paid") this.font("normal", item.size, PAID);
      this.text(item.lines, totalsX, y + padding + item.size * 0.8);
      this.font(row.kind === "sub" && row.label === view.labels.amountDue ? "bold" : "normal", item.size, color);
      this.text(row.amount, this.right, y + padding + item.size * 0.8, "right");
      y += item.height;
      if (row.kind !== "paid") {
        this.pdf.setDrawColor(...RULE);
        this.pdf.setLineWidth(0.5);
        this.pdf.line(totalsX, y, this.right, y);
      }
    }

    let leftBottom = top;
    if (view.payment.length) leftBottom = top + this.paymentBlock(MARGIN_X, top, paymentWidth, true);
    if (view.paidStamp) leftBottom = Math.max(leftBottom, this.stamp(view.payment.length ? leftBottom + 8 : top, paymentWidth));
    this.y = Math.max(y, leftBottom) + 26;
  }

  /** Payment details as a two-column label/value list; measures only unless `draw`. */
  private paymentBlock(x: number, top: number, width: number, draw: boolean): number {
    const { view } = this;
    if (!view.payment.length) return 0;
    if (draw) this.eyebrow(view.paymentHeading, x, top + SIZE_EYEBROW);
    let y = top + SIZE_EYEBROW + 9;
    this.font("normal", SIZE_SMALL, MUTED);
    const labelWidth = Math.min(width * 0.42, Math.max(0, ...view.payment.map((line) => this.pdf.getTextWidth(line.label))) + 12);
    for (const line of view.payment) {
      const valueX = line.label ? x + labelWidth : x;
      const valueWidth = line.label ? width - labelWidth : width;
      this.font("normal", SIZE_SMALL, MUTED);
      const labelLines = line.label ? this.wrap(line.label, labelWidth - 8) : [];
      this.font("normal", SIZE_SMALL, INK);
      const valueLines = this.wrap(line.value, valueWidth);
      if (draw) {
        if (labelLines.length) {
          this.font("normal", SIZE_SMALL, MUTED);
          this.text(labelLines, x, y + SIZE_SMALL);
        }
        this.font("normal", SIZE_SMALL, INK);
        this.text(valueLines, valueX, y + SIZE_SMALL);
      }
      y += Math.max(labelLines.length, valueLines.length) * this.lineHeight(SIZE_SMALL) + 2;
    }
    return y - top;
  }

  /** A slightly rotated "PAID" stamp with the paid date; returns the y below it. */
  private stamp(top: number, width: number): number {
    const stamp = this.view.paidStamp;
    if (!stamp) return top;
    const { pdf } = this;
    const angle = 8; // degrees, counter-clockwise
    this.font("bold", 20, PAID);
    pdf.setCharSpace(2);
    const wordWidth = pdf.getTextWidth(stamp.word) + 2 * (stamp.word.length - 1);
    pdf.setCharSpace(0);
    this.font("bold", SIZE_SMALL, PAID);
    const dateWidth = pdf.getTextWidth(stamp.date);
    const boxWidth = Math.max(wordWidth, dateWidth) + 28;
    const boxHeight = stamp.date ? 48 : 36;
    const cx = MARGIN_X + Math.min(width, 220) / 2;
    const cy = top + 10 + boxHeight / 2;
    const rad = (angle * Math.PI) / 180;
    const cos = Math.cos(rad);
    const sin = Math.sin(rad);
    // Page coordinates grow downwards, so a counter-clockwise turn is (x cos + y sin, −x sin + y cos).
    const at = (dx: number, dy: number): [number, number] => [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos];
    const corners = [at(-boxWidth / 2, -boxHeight / 2), at(boxWidth / 2, -boxHeight / 2), at(boxWidth / 2, boxHeight / 2), at(-boxWidth / 2, boxHeight / 2)];
    pdf.setDrawColor(...PAID);
    pdf.setLineWidth(1.6);
    const [first, ...rest] = corners as [[number, number], ...[number, number][]];
    const segments = [...rest, first].map((point, index) => {
      const previous = index === 0 ? first : (rest[index - 1] ?? first);
      return [point[0] - previous[0], point[1] - previous[1]];
    });
    pdf.lines(segments, first[0], first[1], [1, 1], "S", true);
    const inset = 3.2;
    const inner = [at(-boxWidth / 2 + inset, -boxHeight / 2 + inset), at(boxWidth / 2 - inset, -boxHeight / 2 + inset), at(boxWidth / 2 - inset, boxHeight / 2 - inset), at(-boxWidth / 2 + inset, boxHeight / 2 - inset)];
    pdf.setLineWidth(0.5);
    const [innerFirst, ...innerRest] = inner as [[number, number], ...[number, number][]];
    pdf.lines(
      [...innerRest, innerFirst].map((point, index) => {
        const previous = index === 0 ? innerFirst : (innerRest[index - 1] ?? innerFirst);
        return [point[0] - previous[0], point[1] - previous[1]];
      }),
      innerFirst[0],
      innerFirst[1],
      [1, 1],
      "S",
      true,
    );
    this.font("bold", 20, PAID);
    pdf.setCharSpace(2);
    const wordBaseline = stamp.date ? -2 : 7;
    const [wx, wy] = at(-wordWidth / 2, wordBaseline);
    pdf.text(stamp.word, wx, wy, { angle });
    pdf.setCharSpace(0);
    if (stamp.date) {
      this.font("bold", SIZE_SMALL, PAID);
      const [dx, dy] = at(-dateWidth / 2, 13);
      pdf.text(stamp.date, dx, dy, { angle });
    }
    return cy + boxHeight / 2 + 14;
  }

  // -- notes ----------------------------------------------------------------

  private notes(): void {
    const { view } = this;
    if (!view.notes.length) return;
    this.font("normal", SIZE_BODY, TEXT);
    const lines = view.notes.flatMap((note) => note.split(/\r?\n/).flatMap((paragraph) => (paragraph.trim() ? this.wrap(paragraph, this.contentWidth * 0.75) : [""])));
    const leading = this.lineHeight(SIZE_BODY);
    this.ensureSpace(SIZE_EYEBROW + 10 + Math.min(3, lines.length) * leading);
    this.eyebrow(view.notesHeading, MARGIN_X, this.y + SIZE_EYEBROW);
    this.y += SIZE_EYEBROW + 9;
    for (const line of lines) {
      this.ensureSpace(leading);
      this.font("normal", SIZE_BODY, TEXT);
      this.text(line, MARGIN_X, this.y + SIZE_BODY);
      this.y += leading;
    }
  }

  // -- every page: running header, footer, watermark ------------------------

  private decoratePages(): void {
    const { pdf, view } = this;
    const pages = pdf.getNumberOfPages();
    for (let page = 1; page <= pages; page++) {
      pdf.setPage(page);
      if (page > 1) {
        pdf.setFillColor(...this.accent);
        pdf.rect(0, 0, this.width, 4, "F");
        this.font("bold", SIZE_SMALL, INK);
        this.text(view.runningHeader, MARGIN_X, 44);
        if (view.from.name) {
          this.font("normal", SIZE_SMALL, MUTED);
          this.text(view.from.name, this.right, 44, "right");
        }
      }
      const footerY = this.height - 34;
      pdf.setDrawColor(...RULE);
      pdf.setLineWidth(0.6);
      pdf.line(MARGIN_X, footerY - 12, this.right, footerY - 12);
      this.font("normal", SIZE_FOOTER, MUTED);
      this.text(view.footerLeft, MARGIN_X, footerY);
      this.text(this.t(fill(view.pageTemplate, { page: String(page), pages: String(pages) })), this.right, footerY, "right");
      if (view.watermark) this.watermark(view.watermark);
    }
  }

  private watermark(word: string): void {
    const { pdf } = this;
    pdf.saveGraphicsState();
    pdf.setGState(new GState({ opacity: 0.07 }));
    const angle = 35;
    const rad = (angle * Math.PI) / 180;
    const color = this.view.box.tone === "void" ? VOID : INK;
    this.font("bold", 100, color);
    // At most 70 % of the page diagonal.
    const size = Math.min(100, (100 * 0.7 * Math.hypot(this.width, this.height)) / pdf.getTextWidth(word));
    this.font("bold", size, color);
    const wordWidth = pdf.getTextWidth(word);
    const halfCap = size * 0.36;
    // Centre the rotated word: back off half its length along the baseline and
    // half the cap height across it (page y grows downwards).
    const x = this.width / 2 - (wordWidth / 2) * Math.cos(rad) + halfCap * Math.sin(rad);
    const y = this.height / 2 + (wordWidth / 2) * Math.sin(rad) + halfCap * Math.cos(rad);
    pdf.text(word, x, y, { angle });
    pdf.restoreGraphicsState();
  }
}
