package driver

import "testing"

func TestMayReadRequirements(t *testing.T) {
	tests := map[string]bool{
		"RUN pip install -r requirements.txt":          true,
		"RUN pip install -r reqs.txt":                  true,
		"RUN pip install --requirement=reqs.txt":       true,
		"RUN pip install -r=reqs.txt":                  true,
		"RUN uv pip sync locked.txt":                   true,
		"RUN pip3 install -r \\\n  reqs.txt":           true,
		"RUN pip install torch && rm -rf /root/.cache": false,
		"RUN pip install -U pip":                       false,
		"RUN apt-get install -y git -r":                false,
		"RUN cat requirements.txt":                     false,
	}
	for text, want := range tests {
		if got := mayReadRequirements([]byte(text)); got != want {
			t.Errorf("mayReadRequirements(%q) = %v, want %v", text, got, want)
		}
	}
}
