package dockerfile

import "github.com/moby/buildkit/frontend/dockerfile/instructions"

// MountFlag is one `--mount` flag of a RUN with the mount BuildKit reads
// from it: the mount gives the meaning (type, from=, target=), the flag the
// position in the file.
type MountFlag struct {
	Flag  *Flag
	Mount *instructions.Mount
}

// MountFlags pairs a RUN's --mount flags, in order, with BuildKit's
// mounts, one per flag; nil for anything but a RUN BuildKit typed.
func (in *Instruction) MountFlags() []MountFlag {
	run, ok := in.Command.(*instructions.RunCommand)
	if !ok {
		return nil
	}
	mounts := instructions.GetMounts(run)
	var out []MountFlag
	for i := range in.Flags {
		if in.Flags[i].Name != "mount" || len(out) >= len(mounts) {
			continue
		}
		out = append(out, MountFlag{Flag: &in.Flags[i], Mount: mounts[len(out)]})
	}
	return out
}
