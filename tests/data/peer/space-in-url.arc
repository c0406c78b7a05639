filedesc://peer.arc 127.0.0.1 20240506070809 text/plain 74
1 0 peer-archives
URL IP-address Archive-date Content-type Archive-length

http://www.example.test/search?q=reply to proposal&page=1 192.0.2.7 20240506070809 text/html 1054
HTTP/1.1 200 OK
Content-Type: text/html
Content-Length: 977

<!doctype html>
<html><head><meta charset="utf-8"><title>Reply to proposal 17</title></head>
<body><h1>Reply to proposal 17</h1>
<p>The department thanks the member for the proposal and replies as follows.</p>
<p>The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. The measures proposed have been studied and will be taken up. </p>
</body></html>

