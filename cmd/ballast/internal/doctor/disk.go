package doctor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

// fullDiskWrites is what a build on a full disk meets.
const fullDiskWrites = "writes fail with \"no space left on device\", or kill programs with SIGBUS"

// checkDisk reads the free space where the build writes: Docker's root dir
// for a local engine on Linux, the Windows drive that holds Docker
// Desktop's disk image under WSL2.
func (d *doctor) checkDisk() {
	m := &d.rep.Machine
	inWSL := d.sys.GOOS == "linux" && d.inWSL()
	// The daemon runs on WSL2 when doctor does, or when its kernel is
	// WSL2's (Docker Desktop's WSL2 backend, seen from Windows).
	m.WSL2 = inWSL || strings.Contains(strings.ToLower(m.Kernel), "microsoft")
	if inWSL && (m.DockerDesktop || d.info == nil) && d.checkDesktopWSL() {
		return
	}
	if d.info == nil || m.ServerVersion == "" {
		return
	}
	host := d.sys.Getenv("DOCKER_HOST")
	ctx := d.sys.Getenv("DOCKER_CONTEXT")
	switch {
	case m.DockerDesktop && d.sys.GOOS == "darwin" && d.checkDesktopMac():
	case m.DockerDesktop && d.sys.GOOS == "windows" && d.checkDesktopWindows():
	case m.DockerDesktop:
		d.add(Check{Name: "disk", Verdict: Warning, Message: "Docker Desktop keeps images on its VM's disk, whose free space is not seen from here",
			Fix: "check Docker Desktop › Settings › Resources (disk usage limit) and the free space of the drive that holds its disk image; `docker system df` shows what images and build cache take"})
	case (host != "" && !strings.HasPrefix(host, "unix://")) || (ctx != "" && ctx != "default"):
		d.add(Check{Name: "disk", Verdict: Warning, Message: "the daemon is remote (DOCKER_HOST or DOCKER_CONTEXT): its free disk is not seen from here",
			Fix: "check the free space of " + m.DockerRootDir + " on the daemon's machine", Facts: Facts{{"DOCKER_HOST", host}, {"DOCKER_CONTEXT", ctx}}})
	case d.sys.GOOS != "linux":
		d.add(Check{Name: "disk", Verdict: Warning, Message: "the daemon's root dir " + m.DockerRootDir + " is not on this " + d.sys.GOOS + " system: its free space is not seen",
			Fix: "check the free space of the engine's disk"})
	default:
		d.checkRootDir()
	}
}

// checkRootDir reads the free space of a local engine's root dir.
func (d *doctor) checkRootDir() {
	m := &d.rep.Machine
	dir := m.DockerRootDir
	sp, err := d.sys.Statfs(dir)
	if err != nil {
		d.add(Check{Name: "disk", Verdict: Warning, Message: "the free space of Docker's root dir is not readable: " + err.Error(),
			Fix: "check it with `df -h " + dir + "`", Facts: Facts{{"path", dir}}})
		return
	}
	disk := &Disk{Path: dir, Label: dir, Free: sp.Free, Total: sp.Total}
	m.BuildDisk = disk
	facts := Facts{{"path", dir}, {"free_bytes", sp.Free}, {"total_bytes", sp.Total}}
	if sp.Free < build.DiskHeadroom {
		d.diskFull = true
		d.add(Check{Name: "disk", Verdict: Problem,
			Message: fmt.Sprintf("%s free of %s at Docker's root dir %s: the builder alone needs %s, and the build's %s", lint.FormatBytes(sp.Free), lint.FormatBytes(sp.Total), dir, lint.FormatBytes(build.DiskHeadroom), fullDiskWrites),
			Fix:     "free space on the filesystem of " + dir + ": `docker builder prune` and `docker image prune` remove build cache and unused images; or move data-root (/etc/docker/daemon.json) to a larger disk",
			Facts:   facts})
		return
	}
	d.add(Check{Name: "disk", Verdict: OK, Message: fmt.Sprintf("%s free of %s at Docker's root dir %s", lint.FormatBytes(sp.Free), lint.FormatBytes(sp.Total), dir), Facts: facts})
}

// inWSL reports whether doctor runs in a WSL distribution.
func (d *doctor) inWSL() bool {
	if d.sys.Getenv("WSL_DISTRO_NAME") != "" {
		return true
	}
	b, err := d.sys.ReadFile("/proc/version")
	return err == nil && bytes.Contains(bytes.ToLower(b), []byte("microsoft"))
}

// drive is a Windows drive mounted in WSL.
type drive struct {
	letter string // "C"
	mount  string // "/mnt/c"
}

func (dr drive) label() string { return dr.letter + ": (" + dr.mount + ")" }

// windowsDrives are the Windows drives WSL mounted, from /proc/mounts
// ("C:\134 /mnt/c 9p rw,…,aname=drvfs;path=C:\;…"); when that cannot be
// read, the /mnt/<letter> folders WSL mounts them at by default.
func (d *doctor) windowsDrives() []drive {
	var drives []drive
	if b, err := d.sys.ReadFile("/proc/mounts"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) < 3 || (f[2] != "9p" && f[2] != "drvfs") {
				continue
			}
			spec := unescapeMount(f[0])
			if len(spec) < 2 || spec[1] != ':' || !isLetter(spec[0]) {
				continue
			}
			drives = append(drives, drive{letter: strings.ToUpper(spec[:1]), mount: unescapeMount(f[1])})
		}
	}
	if len(drives) == 0 {
		mounts, _ := d.sys.Glob("/mnt/?")
		for _, mnt := range mounts {
			if l := path.Base(mnt); isLetter(l[0]) {
				drives = append(drives, drive{letter: strings.ToUpper(l), mount: mnt})
			}
		}
	}
	slices.SortFunc(drives, func(a, b drive) int { return strings.Compare(a.letter, b.letter) })
	return slices.CompactFunc(drives, func(a, b drive) bool { return a.letter == b.letter })
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// unescapeMount undoes /proc/mounts' octal escapes (\040 for a space,
// \134 for a backslash).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// desktopImage is Docker Desktop's disk image found on a Windows drive.
type desktopImage struct {
	drive drive
	path  string // /mnt/c/Users/dev/AppData/Local/Docker/wsl/disk/docker_data.vhdx
	user  string // /mnt/c/Users/dev
}

// findDesktopImage looks for Docker Desktop's data disk under each user's
// profile: wsl/disk/docker_data.vhdx (Docker Desktop 4.30 and later) or
// wsl/data/ext4.vhdx (earlier), never wsl/main, the small system distro.
// USERPROFILE, when WSL passes it, narrows the search to that user.
func (d *doctor) findDesktopImage(drives []drive) (desktopImage, []string) {
	users := "*"
	if p := d.sys.Getenv("USERPROFILE"); len(p) > 3 && p[1] == ':' {
		// C:\Users\dev → dev, on drive C
		users = path.Base(strings.ReplaceAll(p, `\`, "/"))
	}
	var looked []string
	for _, dr := range drives {
		for _, rel := range []string{"wsl/disk/docker_data.vhdx", "wsl/data/ext4.vhdx"} {
			pattern := path.Join(dr.mount, "Users", users, "AppData/Local/Docker", rel)
			looked = append(looked, pattern)
			found, _ := d.sys.Glob(pattern)
			if len(found) > 0 {
				user, _, _ := strings.Cut(found[0], "/AppData/")
				return desktopImage{drive: dr, path: found[0], user: user}, looked
			}
		}
	}
	return desktopImage{}, looked
}

// checkDesktopWSL checks Docker Desktop's disk image under WSL2: the
// free space of the Windows drive it grows into, its size against its
// maximum, and .wslconfig's limits. False when no image was found and the
// daemon did not say it is Docker Desktop.
func (d *doctor) checkDesktopWSL() bool {
	m := &d.rep.Machine
	drives := d.windowsDrives()
	img, looked := d.findDesktopImage(drives)
	if img.path == "" {
		if !m.DockerDesktop {
			return false
		}
		where := "no Windows drive is mounted"
		if len(looked) > 0 {
			where = "nothing matches " + strings.Join(looked, ", ")
		}
		d.add(Check{Name: "disk", Verdict: Warning, Message: "Docker Desktop's disk image was not found: " + where,
			Fix: "check the free space of the Windows drive that holds the disk image (Docker Desktop › Settings › Resources › Advanced › Disk image location)"})
		return true
	}
	size, sizeErr := d.sys.FileSize(img.path)
	sp, err := d.sys.Statfs(img.drive.mount)
	facts := Facts{{"disk_image", img.path}, {"drive", img.drive.letter + ":"}, {"mount", img.drive.mount}}
	if sizeErr == nil {
		facts = append(facts, Fact{"disk_image_bytes", size})
	}
	name := path.Base(img.path)
	if sizeErr == nil {
		name += ", " + lint.FormatBytes(size)
	}
	if err != nil {
		d.add(Check{Name: "disk", Verdict: Warning, Message: fmt.Sprintf("%s holds Docker Desktop's disk image (%s), but its free space is not readable: %v", img.drive.label(), name, err),
			Fix: "check the free space of drive " + img.drive.letter + ": in Windows", Facts: facts})
	} else {
		d.imageHostDisk(&Disk{Path: img.drive.mount, Label: img.drive.label(), Free: sp.Free, Total: sp.Total}, name, facts,
			fmt.Sprintf("free space on drive %s: (the builder alone needs %s, each step below needs its peak), or move the disk image to a drive with room (Docker Desktop › Settings › Resources › Advanced › Disk image location)", img.drive.letter, lint.FormatBytes(build.DiskHeadroom)))
	}
	if sizeErr == nil {
		d.checkImageLimit(img, size)
	}
	d.checkWSLConfig(img.user)
	return true
}

// imageHostDisk reports the free space of the host filesystem Docker
// Desktop's disk image (image, as the message names it) grows into: fix
// is what to do when it is full.
func (d *doctor) imageHostDisk(disk *Disk, image string, facts Facts, fix string) {
	d.rep.Machine.BuildDisk = disk
	facts = append(facts, Fact{"free_bytes", disk.Free}, Fact{"total_bytes", disk.Total})
	if disk.Free < build.DiskHeadroom {
		d.diskFull = true
		d.add(Check{Name: "disk", Verdict: Problem,
			Message: fmt.Sprintf("%s has %s free of %s and holds Docker Desktop's disk image (%s): the image cannot grow, and the build's %s", disk.Label, lint.FormatBytes(disk.Free), lint.FormatBytes(disk.Total), image, fullDiskWrites),
			Fix:     fix, Facts: facts})
		return
	}
	d.add(Check{Name: "disk", Verdict: OK, Message: fmt.Sprintf("%s has %s free of %s and holds Docker Desktop's disk image (%s), which grows into it", disk.Label, lint.FormatBytes(disk.Free), lint.FormatBytes(disk.Total), image), Facts: facts})
}

// checkDesktopMac reads the free space of the Mac volume that holds
// Docker Desktop's disk image (Docker.raw, a sparse file whose size is its
// maximum, not what it holds); false when there is none.
func (d *doctor) checkDesktopMac() bool {
	home := d.sys.Getenv("HOME")
	if home == "" {
		return false
	}
	dir := path.Join(home, "Library/Containers/com.docker.docker/Data/vms/0/data")
	image := path.Join(dir, "Docker.raw")
	if _, err := d.sys.FileSize(image); err != nil {
		return false
	}
	sp, err := d.sys.Statfs(dir)
	if err != nil {
		return false
	}
	d.imageHostDisk(&Disk{Path: dir, Label: dir, Free: sp.Free, Total: sp.Total}, "Docker.raw", Facts{{"disk_image", image}},
		fmt.Sprintf("free space on the Mac's disk (the builder alone needs %s, each step below needs its peak), or move the disk image to a volume with room (Docker Desktop › Settings › Resources › Advanced › Disk image location)", lint.FormatBytes(build.DiskHeadroom)))
	return true
}

// checkDesktopWindows reads the free space of the Windows drive that
// holds Docker Desktop's disk image, for doctor run from Windows itself;
// false when the image is not in LOCALAPPDATA.
func (d *doctor) checkDesktopWindows() bool {
	local := strings.TrimRight(d.sys.Getenv("LOCALAPPDATA"), `\`)
	if len(local) < 3 || local[1] != ':' {
		return false
	}
	for _, rel := range []string{`\Docker\wsl\disk\docker_data.vhdx`, `\Docker\wsl\data\ext4.vhdx`} {
		image := local + rel
		size, err := d.sys.FileSize(image)
		if err != nil {
			continue
		}
		root := local[:2] + `\`
		sp, err := d.sys.Statfs(root)
		if err != nil {
			return false
		}
		letter := strings.ToUpper(local[:1])
		d.imageHostDisk(&Disk{Path: root, Label: letter + ":", Free: sp.Free, Total: sp.Total}, fmt.Sprintf("%s, %s", image[strings.LastIndexByte(image, '\\')+1:], lint.FormatBytes(size)),
			Facts{{"disk_image", image}, {"disk_image_bytes", size}, {"drive", letter + ":"}},
			fmt.Sprintf("free space on drive %s: (the builder alone needs %s, each step below needs its peak), or move the disk image to a drive with room (Docker Desktop › Settings › Resources › Advanced › Disk image location)", letter, lint.FormatBytes(build.DiskHeadroom)))
		return true
	}
	return false
}

// checkImageLimit holds the disk image's size against the maximum Docker
// Desktop's settings give it (DiskSizeMiB).
func (d *doctor) checkImageLimit(img desktopImage, size int64) {
	var limit int64
	var from string
	for _, f := range []struct{ file, key string }{
		{"AppData/Roaming/Docker/settings-store.json", "DiskSizeMiB"},
		{"AppData/Roaming/Docker/settings.json", "diskSizeMiB"},
	} {
		b, err := d.sys.ReadFile(path.Join(img.user, f.file))
		if err != nil {
			continue
		}
		var settings map[string]any
		if json.Unmarshal(b, &settings) != nil {
			continue
		}
		if v, ok := settings[f.key].(float64); ok && v > 0 {
			limit, from = int64(v)<<20, path.Join(img.user, f.file)
			break
		}
	}
	facts := Facts{{"disk_image", img.path}, {"disk_image_bytes", size}}
	if limit == 0 {
		d.add(Check{Name: "disk-image", Verdict: OK, Message: fmt.Sprintf("the disk image is %s; its maximum is not readable (no DiskSizeMiB in %s)", lint.FormatBytes(size), path.Join(img.user, "AppData/Roaming/Docker/settings-store.json")), Facts: facts})
		return
	}
	facts = append(facts, Fact{"disk_image_max_bytes", limit}, Fact{"settings", from})
	if limit-size < build.DiskHeadroom {
		d.add(Check{Name: "disk-image", Verdict: Problem,
			Message: fmt.Sprintf("the disk image is %s of its %s maximum: the engine's disk is full whatever the drive has free", lint.FormatBytes(size), lint.FormatBytes(limit)),
			Fix:     "raise the disk limit (Docker Desktop › Settings › Resources › Advanced), or free space inside it: `docker builder prune`, `docker image prune`",
			Facts:   facts})
		return
	}
	d.add(Check{Name: "disk-image", Verdict: OK, Message: fmt.Sprintf("the disk image is %s of its %s maximum", lint.FormatBytes(size), lint.FormatBytes(limit)), Facts: facts})
}

// checkWSLConfig reports the memory and swap limits .wslconfig gives
// WSL2's VM, where Docker Desktop's engine runs.
func (d *doctor) checkWSLConfig(user string) {
	file := path.Join(user, ".wslconfig")
	b, err := d.sys.ReadFile(file)
	if err != nil {
		d.add(Check{Name: "wslconfig", Verdict: OK, Message: "no " + file + ": WSL2's VM takes up to half of Windows' memory", Facts: Facts{{"file", file}}})
		return
	}
	limits := wslLimits(b)
	facts := Facts{{"file", file}}
	var said []string
	for _, k := range []string{"memory", "swap", "processors"} {
		if v, ok := limits[k]; ok {
			facts = append(facts, Fact{k, v})
			said = append(said, k+"="+v)
		}
	}
	if len(said) == 0 {
		d.add(Check{Name: "wslconfig", Verdict: OK, Message: file + " sets no memory, swap or processors limit in [wsl2]", Facts: facts})
		return
	}
	d.add(Check{Name: "wslconfig", Verdict: OK, Message: file + " limits WSL2's VM: " + strings.Join(said, ", "), Facts: facts})
}

// wslLimits reads the [wsl2] section of a .wslconfig.
func wslLimits(b []byte) map[string]string {
	out := map[string]string{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			section = strings.ToLower(strings.Trim(line, "[] "))
		case section == "wsl2":
			k, v, ok := strings.Cut(line, "=")
			if ok {
				out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// checkMemory reports the memory of the daemon's machine or VM.
func (d *doctor) checkMemory() {
	m := &d.rep.Machine
	if m.MemTotal <= 0 {
		return
	}
	where := "the daemon's machine has"
	if m.DockerDesktop {
		where = "Docker Desktop's VM has"
	}
	d.add(Check{Name: "memory", Verdict: OK, Message: fmt.Sprintf("%s %s of memory and %d CPUs", where, lint.FormatBytes(m.MemTotal), m.NCPU),
		Facts: Facts{{"mem_total_bytes", m.MemTotal}, {"ncpu", m.NCPU}}})
}
