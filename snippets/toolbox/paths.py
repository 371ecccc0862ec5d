"""Files and paths: os.listdir, os.path.join, pathlib; Windows paths and raw strings (TOPICS N6).

Run it alone: python snippets/toolbox/paths.py  (creates a small folder data/ where it runs)
"""

# --8<-- [start:setup]
import os
import warnings
from pathlib import Path, PureWindowsPath

# A tiny image-classification layout: one folder per class, plus a stray file.
for name in ["train/cat/1.png", "train/cat/2.png", "train/dog/1.jpg", "train/README.txt"]:
    file = Path("data") / name
    file.parent.mkdir(parents=True, exist_ok=True)  # make the folders on the way
    file.write_bytes(b"")  # an empty placeholder file is enough here
# --8<-- [end:setup]

# --8<-- [start:listdir]
root = os.path.join("data", "train")  # joins with the separator of this OS
print(root)
#> data/train

# listdir gives bare names, in no guaranteed order: sort them.
names = sorted(os.listdir(root))
print(names)
#> ['README.txt', 'cat', 'dog']

# The names are not paths: join them to the folder before you open anything.
classes = [n for n in names if os.path.isdir(os.path.join(root, n))]
print(classes)
#> ['cat', 'dog']
for label, cls in enumerate(classes):
    for fname in sorted(os.listdir(os.path.join(root, cls))):
        print(label, os.path.join(root, cls, fname))
        #> 0 data/train/cat/1.png
        #> 0 data/train/cat/2.png
        #> 1 data/train/dog/1.jpg
# --8<-- [end:listdir]

# --8<-- [start:pathlib]
train = Path("data") / "train"  # the / operator joins path parts
print(train, train.exists(), train.is_dir())
#> data/train True True

cats = sorted((train / "cat").glob("*.png"))
print([p.name for p in cats])
#> ['1.png', '2.png']

# rglob searches every sub-folder; keep image files only, by their suffix.
images = sorted(p for p in train.rglob("*") if p.suffix in {".png", ".jpg"})
for p in images:
    print(p.as_posix(), p.parent.name, p.stem, p.suffix)
    #> data/train/cat/1.png cat 1 .png
    #> data/train/cat/2.png cat 2 .png
    #> data/train/dog/1.jpg dog 1 .jpg

print((train / "bird").exists())
#> False
# A Path works wherever a path string does: open(), Image.open(), os.listdir(), ...
print(sorted(os.listdir(train / "cat")))
#> ['1.png', '2.png']
# --8<-- [end:pathlib]

# --8<-- [start:escapes]
# In a normal string a backslash starts an escape: \n is a newline, \t a tab.
broken = "C:\new\test.png"
print(broken)
#> C:
#> ew	est.png
print(repr(broken), len(broken))
#> 'C:\new\test.png' 13

# A raw string r"..." keeps every backslash as it is.
fixed = r"C:\new\test.png"
print(fixed, len(fixed))
#> C:\new\test.png 15
assert fixed == "C:\\new\\test.png" == broken.replace("\n", "\\n").replace("\t", "\\t")
# --8<-- [end:escapes]

# --8<-- [start:null]
# \0 is an escape too: the NUL character. A path with one cannot exist.
bad = "D:\train\0.png"  # meant: D:\train\0.png
print(repr(bad))
#> 'D:\train\x00.png'

try:
    open(bad)
except ValueError as err:
    print("open:", err)
    #> open: embedded null byte

# exists() does not raise: it says False, and you go looking for a missing file.
print(os.path.exists(bad), Path(bad).exists())
#> False False
print(os.path.exists(r"D:\train\0.png"))  # the raw string is a valid name (not on this disk)
#> False

# An unknown escape such as \d is kept, but Python warns about it when it compiles the code.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    compile(r'path = "D:\data\0.png"', "<notes>", "exec")
print(caught[0].category.__name__, caught[0].message)
#> [python<3.12] DeprecationWarning invalid escape sequence '\d'
#> [python>=3.12] SyntaxWarning invalid escape sequence '\d'
# --8<-- [end:null]

# --8<-- [start:windows]
# Forward slashes work on Windows too; PureWindowsPath reads Windows paths on any OS.
win = PureWindowsPath(r"D:\data\train\cat\0.png")
print(win.drive, win.name, win.stem, win.suffix, win.parent.name)
#> D: 0.png 0 .png cat
print(win.parts)
#> ('D:\\', 'data', 'train', 'cat', '0.png')
print(win.as_posix())
#> D:/data/train/cat/0.png

# On Linux and macOS, Path does NOT split at backslashes: it is all one file name.
print(Path(r"data\train\cat\0.png").name)
#> data\train\cat\0.png

# A path written on Windows (say, in a CSV file), re-rooted for this machine:
local = Path("data", *win.relative_to("D:/data").parts)
print(local.as_posix())
#> data/train/cat/0.png
# --8<-- [end:windows]
