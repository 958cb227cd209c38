package demo

import "math/rand/v2"

// Common surnames and given-name characters, so the sample reads like a real
// Shanghai neighborhood without naming anyone real.
var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

var given = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬建国建华志强海燕春梅晓东文斌丽华凤英德明国强永康雪梅佳怡子涵欣怡浩然宇轩")

var nicknameParts = []string{"晨跑的", "爱养花的", "热心的", "买菜的", "下棋的", "遛狗的", "摄影的", "跳广场舞的", "退休的", "上班族"}

var nicknameNouns = []string{"老王", "阿姨", "大叔", "小陈", "爷叔", "阿婆", "小林", "老周", "姐姐", "邻居"}

func personName(r *rand.Rand) string {
	n := []rune{surnames[r.IntN(len(surnames))], given[r.IntN(len(given))]}
	if r.IntN(3) > 0 {
		n = append(n, given[r.IntN(len(given))])
	}
	return string(n)
}

func nickname(r *rand.Rand, i int) string {
	return nicknameParts[r.IntN(len(nicknameParts))] + nicknameNouns[r.IntN(len(nicknameNouns))] + itoa(i%100)
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// The sample district: one district, two streets, three neighborhoods each.
var district = "临江区"

var streets = []struct {
	Name          string
	Neighborhoods []string
}{
	{"友谊路街道", []string{"友谊新村", "海滨二村", "宝钢九村"}},
	{"罗店镇", []string{"美兰湖社区", "罗溪花苑", "天平村"}},
}

var unitNames = []struct {
	Kind, Suffix string
}{
	{"property", "物业服务中心"},
	{"owners_committee", "业主委员会"},
	{"police", "社区民警室"},
	{"doctor", "家庭医生工作室"},
	{"lawyer", "社区法律顾问"},
}
