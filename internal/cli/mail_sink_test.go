package cli

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// smtpSink is a minimal SMTP server on 127.0.0.1 that records one exchange.
type smtpSink struct {
	ln      net.Listener
	tls     *tls.Config // offer STARTTLS when set
	rcptErr string      // answer RCPT TO with this line when set
	hang    bool        // accept and never answer

	mu       sync.Mutex
	from     string
	rcpts    []string
	data     string
	usedTLS  bool
	finished chan struct{}
}

func newSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &smtpSink{ln: ln, finished: make(chan struct{})}
	t.Cleanup(func() { _ = ln.Close() })
	return s
}

func (s *smtpSink) start() {
	go func() {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		defer close(s.finished)
		defer conn.Close()
		if s.hang {
			_, _ = conn.Read(make([]byte, 1))
			return
		}
		s.serve(conn)
	}()
}

func (s *smtpSink) serve(conn net.Conn) {
	tp := textproto.NewConn(conn)
	_ = tp.PrintfLine("220 sink ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch {
		case verb == "EHLO":
			if s.tls != nil && !s.usedTLS {
				_ = tp.PrintfLine("250-sink\r\n250-8BITMIME\r\n250 STARTTLS")
			} else {
				_ = tp.PrintfLine("250-sink\r\n250 8BITMIME")
			}
		case verb == "STARTTLS":
			_ = tp.PrintfLine("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if tc.Handshake() != nil {
				return
			}
			s.mu.Lock()
			s.usedTLS = true
			s.mu.Unlock()
			conn, tp = tc, textproto.NewConn(tc)
		case verb == "MAIL":
			s.mu.Lock()
			s.from = line
			s.mu.Unlock()
			_ = tp.PrintfLine("250 ok")
		case verb == "RCPT" && s.rcptErr != "":
			_ = tp.PrintfLine("%s", s.rcptErr)
		case verb == "RCPT":
			s.mu.Lock()
			s.rcpts = append(s.rcpts, line)
			s.mu.Unlock()
			_ = tp.PrintfLine("250 ok")
		case verb == "DATA":
			_ = tp.PrintfLine("354 go on")
			raw, _ := readRawData(tp.R)
			s.mu.Lock()
			s.data = raw
			s.mu.Unlock()
			_ = tp.PrintfLine("250 queued")
		case verb == "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("250 ok")
		}
	}
}

// readRawData reads DATA up to the lone dot as the wire carried it (dots still
// stuffed), so the test sees what a server sees.
func readRawData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return b.String(), err
		}
		if line == ".\r\n" {
			return b.String(), nil
		}
		b.WriteString(line)
	}
}

func (s *smtpSink) wait(t *testing.T) {
	t.Helper()
	select {
	case <-s.finished:
	case <-time.After(5 * time.Second):
		t.Fatal("the sink saw no end of the exchange")
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
