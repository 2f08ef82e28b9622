package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReorder(t *testing.T) {
	t.Parallel()
	app := (&program{}).newApp()
	tests := []struct{ in, want string }{
		{"pshcron source-operation:run update --no-wait --yes", "pshcron source-operation:run --no-wait --yes -- update"},
		{"pshcron source-operation:run update --variable env:A=1 --variable=env:B=2 -e x", "pshcron source-operation:run --variable env:A=1 --variable=env:B=2 --environment x -- update"},
		{"pshcron backup:create -e=feature/x -yW", "pshcron backup:create --environment=feature/x -yW"},
		{"pshcron backup -p proj -- -x", "pshcron backup --project proj -- -x"},
		{"pshcron --yes backup:create -W", "pshcron backup:create --yes --no-wait"},
		{"pshcron backup:create -pabc123 -efeature/x", "pshcron backup:create --project=abc123 --environment=feature/x"},
		{"pshcron backup:create -vvv -v", "pshcron backup:create -vvv --verbose"},
		{"pshcron -e main backup:create --yes", "pshcron backup:create --environment main --yes"},
		{"pshcron -p abc --environment main --log-level=warning backup", "pshcron backup --project abc --environment main --log-level=warning"},
		{"pshcron -y -e main source-operation:run update", "pshcron source-operation:run --yes --environment main -- update"},
		{"pshcron --help", "pshcron --help"},
		{"pshcron -V", "pshcron -V"},
		{"pshcron nope -e x", "pshcron nope -e x"},
		{"pshcron -e x backup:creat --yes", "pshcron backup:creat -e x --yes"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, strings.Join(reorder(app, strings.Fields(tt.in)), " "), tt.in)
	}
}
