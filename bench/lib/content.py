"""The content every player is given: clips made with ffmpeg, playlists for
Beacon built around the shipped default playlist's hotline and fact sheets,
and the equivalent HTML pages and slideshows for the peers."""

import copy
import html
import os
import subprocess
import xml.etree.ElementTree as ET

ITEM_TAGS = {"video", "image", "factsheet", "group", "notice"}
FIRST_FRAME_COLOUR = "0x3d8bd9"


def ffmpeg(out, args):
    if os.path.exists(out):
        return out
    partial = out + ".partial" + os.path.splitext(out)[1]
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args, partial], check=True)
    os.rename(partial, out)
    return out


def make_media(work, smoke):
    """Clips and stills, in `work`/media. Loops are 10 s long."""
    media = os.path.join(work, "media")
    os.makedirs(media, exist_ok=True)
    length = "4" if smoke else "10"
    h264 = ["-c:v", "libx264", "-preset", "medium", "-pix_fmt", "yuv420p", "-g", "60"]
    clips = {
        # A looping 720p30 H.264 clip at a typical bitrate, and its 1080p twin.
        "clip720": ffmpeg(f"{media}/clip720.mp4",
                          ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", length,
                           *h264, "-b:v", "3M", "-maxrate", "3M", "-bufsize", "6M"]),
        "clip1080": ffmpeg(f"{media}/clip1080.mp4",
                           ["-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-t",
                            length, *h264, "-b:v", "6M", "-maxrate", "6M", "-bufsize", "12M"]),
        # One flat colour, so the first frame is easy to see on screen.
        "first": ffmpeg(f"{media}/first.mp4",
                        ["-f", "lavfi", "-i",
                         f"color=c={FIRST_FRAME_COLOUR}:size=1280x720:rate=30", "-t", length,
                         *h264]),
        # Short items for the switching measure.
        "switch_a": ffmpeg(f"{media}/switch-a.mp4",
                           ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "1",
                            *h264]),
        "switch_b": ffmpeg(f"{media}/switch-b.mp4",
                           ["-f", "lavfi", "-i", "testsrc=size=1280x720:rate=30", "-t", "1",
                            *h264]),
        "still": ffmpeg(f"{media}/still.png",
                        ["-f", "lavfi", "-i", "smptebars=size=1280x720", "-frames:v", "1"]),
    }
    for path in [media, *clips.values()]:
        os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
    return clips


class Playlists:
    """Beacon playlists, built from the shipped default playlist so the
    hotline and the fact sheets are the real ones."""

    def __init__(self, default_playlist, work):
        self.work = work
        self.tree = ET.parse(default_playlist)
        root = self.tree.getroot()
        self.languages = root.get("languages", "en").split()
        self.factsheets = [copy.deepcopy(e) for e in root.iter("factsheet")]

    def write(self, name, items):
        root = copy.deepcopy(self.tree.getroot())
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag in ITEM_TAGS:
                    parent.remove(child)
        for item in items:
            root.append(item)
        path = os.path.join(self.work, name)
        ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
        return path

    @staticmethod
    def video(item_id, src):
        return ET.Element("video", {"id": item_id, "src": src})

    @staticmethod
    def image(item_id, src, seconds):
        return ET.Element("image", {"id": item_id, "src": src, "duration": str(seconds)})

    def factsheet(self, index, item_id=None, seconds=None):
        element = copy.deepcopy(self.factsheets[index % len(self.factsheets)])
        if item_id:
            element.set("id", item_id)
        if seconds:
            element.set("duration", str(seconds))
        return element

    def factsheet_pages(self):
        """(title, points, lang, seconds) for every fact sheet and language,
        in the order Beacon shows them."""
        pages = []
        for sheet in self.factsheets:
            seconds = float(sheet.get("duration", "10"))
            for text in sheet.findall("text"):
                title = " ".join((text.findtext("title") or "").split())
                points = [" ".join((p.text or "").split()) for p in text.findall("point")]
                pages.append((title, points, text.get("lang"), seconds))
        return pages


def video_page(work, name, src):
    """What a browser kiosk (Anthias, FullPageOS) shows: one <video>."""
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; height: 100%; background: #000; overflow: hidden; }}
video {{ width: 100vw; height: 100vh; object-fit: contain; display: block; }}
</style></head>
<body><video src="{html.escape(src)}" autoplay muted loop playsinline></video></body></html>
""")
    return path


def factsheet_page(work, name, pages):
    """The same fact sheets as an HTML page rotating through its languages."""
    slides = []
    for title, points, lang, _ in pages:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in points)
        slides.append(f'<section lang="{lang}"><h1>{html.escape(title)}</h1><ul>{items}</ul>'
                      "</section>")
    durations = [int(seconds * 1000) for *_, seconds in pages]
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; height: 100%; background: #12263f; color: #fff; overflow: hidden;
  font-family: "Noto Sans", sans-serif; }}
section {{ display: none; padding: 6vh 6vw; }}
section.shown {{ display: block; }}
h1 {{ font-size: 7vh; }} li {{ font-size: 4.5vh; margin: 2vh 0; }}
footer {{ position: fixed; bottom: 0; width: 100%; height: 8vh; background: #0b1a2c;
  font-size: 4vh; text-align: center; line-height: 8vh; }}
</style></head><body>{"".join(slides)}<footer>1-888-373-7888</footer>
<script>
const slides = document.querySelectorAll("section"), durations = {durations};
let shown = 0;
function show() {{
  slides.forEach((s, i) => s.classList.toggle("shown", i === shown));
  setTimeout(() => {{ shown = (shown + 1) % slides.length; show(); }}, durations[shown]);
}}
show();
</script></body></html>
""")
    return path


def generated_factsheet(item_id, languages):
    sheet = ET.Element("factsheet", {"id": item_id, "duration": "10"})
    for lang in languages:
        text = ET.SubElement(sheet, "text", {"lang": lang})
        ET.SubElement(text, "title").text = f"Fact sheet {item_id} ({lang})"
        for point in range(3):
            ET.SubElement(text, "point").text = (
                f"Point {point + 1}: force, fraud or coercion; call the hotline any time.")
    return sheet


def big_playlist(playlists, count, distinct_texts):
    """A generated playlist of `count` items: 10% fact sheets, 45% videos and
    45% pictures, all media present. The fact sheets copy the default
    playlist's (new ids, same words), or with `distinct_texts` each has words
    of its own, so nothing checked once can be reused."""
    items = []
    for i in range(count):
        kind = i % 20
        if kind < 2 and distinct_texts:
            items.append(generated_factsheet(f"sheet-{i}", playlists.languages))
        elif kind < 2:
            items.append(playlists.factsheet(i // 20 + kind, f"sheet-{i}"))
        elif kind < 11:
            items.append(Playlists.video(f"video-{i}", "media/switch-a.mp4"))
        else:
            items.append(Playlists.image(f"image-{i}", "media/still.png", 5))
    name = f"validate-{count}{'-distinct' if distinct_texts else ''}.xml"
    return playlists.write(name, items)
