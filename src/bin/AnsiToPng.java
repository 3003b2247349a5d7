// Renders a terminal capture with ANSI colours (tmux capture-pane -e) as a PNG, for the README.
// Usage: java src/bin/AnsiToPng.java in.ans out.png COLUMNS ROWS
// Understands SGR 0/1/4/7/22/24/27, 30-37/90-97/39 and 40-47/100-107/49, 38;5;n and 48;5;n. Box-drawing
// characters are drawn as lines so that borders join without gaps whatever the font's line height.
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

public class AnsiToPng {
    static final Color BG = new Color(0x1d1f21);
    static final Color FG = new Color(0xd0d0d0);
    static final Color[] ANSI = {
        new Color(0x1d1f21), new Color(0xcc6666), new Color(0x8cb369), new Color(0xe6c35c),
        new Color(0x5f87d7), new Color(0xb294bb), new Color(0x5fafaf), new Color(0xc5c8c6),
        new Color(0x707880), new Color(0xff7b7b), new Color(0xb5e890), new Color(0xf0d97a),
        new Color(0x81a2f2), new Color(0xd7aff7), new Color(0x8ae0e0), new Color(0xffffff),
    };

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int cols = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        Font font = new Font("DejaVu Sans Mono", Font.PLAIN, 16);
        Font bold = font.deriveFont(Font.BOLD);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int cw = fm.charWidth('M');
        int ch = fm.getAscent() + fm.getDescent() + 2;
        int pad = 12;
        BufferedImage img = new BufferedImage(cols * cw + 2 * pad, rows * ch + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BG);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int r = 0; r < Math.min(rows, lines.size()); r++) {
            String line = lines.get(r);
            Color fg = FG;
            Color bg = null;
            boolean isBold = false;
            boolean underline = false;
            boolean reverse = false;
            int c = 0;
            for (int i = 0; i < line.length() && c < cols; i++) {
                char x = line.charAt(i);
                if (x == 0x1b && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                    int end = i + 2;
                    while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                        end++;
                    }
                    if (end < line.length() && line.charAt(end) == 'm') {
                        String[] ps = line.substring(i + 2, end).split(";", -1);
                        for (int k = 0; k < ps.length; k++) {
                            int p = ps[k].isEmpty() ? 0 : Integer.parseInt(ps[k]);
                            if (p == 0) {
                                fg = FG;
                                bg = null;
                                isBold = false;
                                underline = false;
                                reverse = false;
                            } else if (p == 1) isBold = true;
                            else if (p == 22) isBold = false;
                            else if (p == 4) underline = true;
                            else if (p == 24) underline = false;
                            else if (p == 7) reverse = true;
                            else if (p == 27) reverse = false;
                            else if (p >= 30 && p <= 37) fg = ANSI[p - 30];
                            else if (p >= 90 && p <= 97) fg = ANSI[p - 90 + 8];
                            else if (p == 39) fg = FG;
                            else if (p >= 40 && p <= 47) bg = ANSI[p - 40];
                            else if (p >= 100 && p <= 107) bg = ANSI[p - 100 + 8];
                            else if (p == 49) bg = null;
                            else if ((p == 38 || p == 48) && k + 2 < ps.length && ps[k + 1].equals("5")) {
                                int n = Integer.parseInt(ps[k + 2]);
                                Color col = n < 16 ? ANSI[n] : FG;
                                if (p == 38) fg = col;
                                else bg = col;
                                k += 2;
                            }
                        }
                    }
                    i = end;
                    continue;
                }
                int px = pad + c * cw;
                int py = pad + r * ch;
                Color f = reverse ? (bg == null ? BG : bg) : fg;
                Color b = reverse ? fg : bg;
                if (b != null) {
                    g.setColor(b);
                    g.fillRect(px, py, cw, ch);
                }
                g.setColor(f);
                if (!box(g, x, px, py, cw, ch)) {
                    g.setFont(isBold ? bold : font);
                    g.drawString(String.valueOf(x), px, py + fm.getAscent() + 1);
                }
                if (underline) {
                    g.fillRect(px, py + ch - 2, cw, 1);
                }
                c++;
            }
        }
        ImageIO.write(img, "png", new File(args[1]));
    }

    /** Draws a box-drawing character as lines through the cell's centre; false if it is not one. */
    static boolean box(Graphics2D g, char x, int px, int py, int cw, int ch) {
        String arms = switch (x) {
            case '─' -> "lr";
            case '│' -> "ud";
            case '┌' -> "rd";
            case '┐' -> "ld";
            case '└' -> "ru";
            case '┘' -> "lu";
            case '├' -> "udr";
            case '┤' -> "udl";
            case '┬' -> "lrd";
            case '┴' -> "lru";
            case '┼' -> "lrud";
            case '█' -> "#";
            default -> null;
        };
        if (arms == null) {
            return false;
        }
        if (arms.equals("#")) {
            g.fillRect(px, py, cw, ch);
            return true;
        }
        int mx = px + cw / 2;
        int my = py + ch / 2;
        g.setStroke(new BasicStroke(1.5f));
        if (arms.indexOf('l') >= 0) g.drawLine(px, my, mx, my);
        if (arms.indexOf('r') >= 0) g.drawLine(mx, my, px + cw, my);
        if (arms.indexOf('u') >= 0) g.drawLine(mx, py, mx, my);
        if (arms.indexOf('d') >= 0) g.drawLine(mx, my, mx, py + ch);
        return true;
    }
}
